using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Lifeline.Sandbox.Portal.Hosting;

namespace Lifeline.Sandbox.Portal.Uploads;

/// <summary>
/// Patients' uploads as a steady stream: every <see cref="UploadSettings.Every"/> the instance stores one small file,
/// <c>&lt;site&gt;/&lt;UTC time&gt;-&lt;pid&gt;.txt</c>, in its site's bucket. A failed upload is logged and the next one
/// tried; what reached the store is what a file recovery point is measured against.
/// </summary>
internal sealed class UploadStream(UploadSettings upload, PortalSettings portal, IHttpClientFactory clients, TimeProvider time, ILogger<UploadStream> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(upload.Every, time);
        var http = clients.CreateClient(nameof(UploadStream));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            var key = $"{portal.Site}/{now.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture)}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.txt";
            try
            {
                using var response = await http.SendAsync(Request(key, $"upload from {portal.Site} at {now:O}\n", now), stoppingToken);
                if (!response.IsSuccessStatusCode)
                {
                    Log.UploadFailed(logger, key, $"HTTP {(int)response.StatusCode}");
                }
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !stoppingToken.IsCancellationRequested)
            {
                Log.UploadFailed(logger, key, ex.Message);
            }
        }
    }

    /// <summary>
    /// A PUT signed with signature version 2, which s3rver verifies in full (of version 4 it checks only the key id).
    /// s3rver 3.7 requires a Date header but leaves its line empty in the string it signs, so this one does too.
    /// </summary>
    private HttpRequestMessage Request(string key, string text, DateTimeOffset now)
    {
        var resource = upload.Bucket.AbsolutePath.TrimEnd('/') + "/" + key;
        const string ContentType = "text/plain";
        var toSign = string.Join('\n', "PUT", "", ContentType, "", resource);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(upload.SecretAccessKey), Encoding.UTF8.GetBytes(toSign)));
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(upload.Bucket, resource))
        {
            Content = new StringContent(text, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        request.Headers.Date = now;
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS {upload.AccessKeyId}:{signature}");
        return request;
    }
}
