using System.Diagnostics;
using System.Net.Sockets;

namespace Lifeline.Providers.Tests.Communications.Channels;

/// <summary>
/// A real SMTP server for the test class: Debian's aiosmtpd on 127.0.0.1 with a handler that writes each message, with
/// its envelope recipients, to a spool directory. Installs python3-aiosmtpd first when it is missing and we are root.
/// </summary>
public sealed class SmtpServerFixture : IDisposable
{
    private const string Handler = """
        import os, uuid

        class Spool:
            async def handle_DATA(self, server, session, envelope):
                path = os.path.join(os.environ["LIFELINE_SPOOL"], uuid.uuid4().hex)
                with open(path + ".tmp", "wb") as f:
                    f.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
                    f.write(envelope.original_content)
                os.rename(path + ".tmp", path + ".eml")
                return "250 Message accepted for delivery"
        """;

    // Debian's interpreter, where python3-aiosmtpd installs; a python3 earlier on PATH (pyenv) would not see it.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private readonly TempDirectory _directory = new();
    private readonly Process _process;

    public SmtpServerFixture()
    {
        EnsureInstalled();
        Spool = Directory.CreateDirectory(Path.Combine(_directory.Path, "spool")).FullName;
        File.WriteAllText(Path.Combine(_directory.Path, "lifeline_spool.py"), Handler);
        Port = RecordingHttpServer.FreePort();
        var start = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "lifeline_spool.Spool"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory.Path,
        };
        start.Environment["PYTHONPATH"] = _directory.Path;
        start.Environment["LIFELINE_SPOOL"] = Spool;
        _process = Process.Start(start)!;
        Pid = _process.Id;
        WaitUntilListening();
    }

    public int Port { get; }

    public int Pid { get; }

    public string Spool { get; }

    /// <summary>Waits for the one message the spool should hold and returns its text.</summary>
    public string SingleMessage()
    {
        for (var i = 0; i < 100; i++)
        {
            var files = Directory.GetFiles(Spool, "*.eml");
            if (files.Length > 0)
                return File.ReadAllText(Assert.Single(files));
            Task.Delay(50).Wait();
        }

        throw new TimeoutException($"no message arrived in {Spool}");
    }

    public void Clear()
    {
        foreach (var file in Directory.GetFiles(Spool))
            File.Delete(file);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private void WaitUntilListening()
    {
        for (var i = 0; i < 200; i++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"aiosmtpd exited ({_process.ExitCode}): {_process.StandardError.ReadToEnd()}");
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Task.Delay(50).Wait();
            }
        }

        throw new TimeoutException($"aiosmtpd did not listen on 127.0.0.1:{Port}");
    }

    private static void EnsureInstalled()
    {
        if (Run(Python, "-c", "import aiosmtpd") == 0)
            return;
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("python3-aiosmtpd is missing; run: sudo apt-get install -y python3-aiosmtpd");
        Run("apt-get", "update", "-qq");
        if (Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-aiosmtpd") != 0)
            throw new InvalidOperationException("could not install python3-aiosmtpd");
    }

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
