'use strict';
// One site's S3-compatible object store for the Lifeline sandbox: s3rver (npm) on the site's address, with the sandbox's
// own access key instead of s3rver's built-in one, anonymous requests refused, and (when S3SITE_REPLICATE is set) a
// replication rule standing in for S3 cross-region replication: every object created in the source bucket is copied,
// S3SITE_LAG_MS later, to another site's store under a prefix. Copies pending when this process dies are lost, as
// objects not yet replicated are when a region is lost. A replica keeps its source's time of upload.
const fs = require('fs');
const crypto = require('crypto');
const http = require('http');
const S3rver = require(process.env.S3SITE_MODULE);
const AWSAccount = require(process.env.S3SITE_MODULE + '/lib/models/account');

const [accessKeyId, secretAccessKey] = fs.readFileSync(process.env.S3SITE_KEYS_FILE, 'utf8').trim().split('\n');
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
const SourceTime = 'x-amz-meta-lifeline-source-modified';

const server = new S3rver({
  address: process.env.S3SITE_ADDRESS,
  port: Number(process.env.S3SITE_PORT),
  directory: process.argv[2],
  silent: true,
  vhostBuckets: false,
  configureBuckets: process.env.S3SITE_BUCKETS.split(',').filter(Boolean).map(name => ({ name })),
});

// s3rver lets unsigned requests through; a bucket of patient uploads must not.
server.middleware.unshift(async (ctx, next) => {
  const signed = 'authorization' in ctx.headers || 'Signature' in ctx.query || 'X-Amz-Algorithm' in ctx.query;
  if (!signed && ctx.path !== '/health') {
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Anonymous access is refused</Message></Error>';
    return;
  }
  if (ctx.path === '/health') {
    ctx.body = 'ok';
    return;
  }
  await next();
});

server.on('event', event => {
  const record = event.Records[0];
  const bucket = record.s3.bucket.name;
  const key = decodeURIComponent(record.s3.object.key);
  if (!record.eventName.startsWith('ObjectCreated')) return;
  keepSourceTime(bucket, key).catch(error => console.error(`keep source time of ${bucket}/${key}: ${error.message}`));
  const rule = replication();
  if (rule && bucket === rule.bucket) {
    setTimeout(() => replicate(rule, key).catch(error => console.error(`replicate ${bucket}/${key}: ${error.message}`)), rule.lagMs);
  }
});

// A replica carries its source's upload time; the store's own time of an object is its file's.
async function keepSourceTime(bucket, key) {
  const metadata = await server.store.getMetadata(bucket, key);
  if (metadata[SourceTime]) {
    const at = new Date(metadata[SourceTime]);
    await fs.promises.utimes(server.store.getResourcePath(bucket, key, 'object'), at, at);
  }
}

function replication() {
  const text = process.env.S3SITE_REPLICATE;
  if (!text) return null;
  const [bucket, target] = text.split('=>');
  const url = new URL(target);
  const [targetBucket, ...prefix] = url.pathname.replace(/^\//, '').split('/');
  return { bucket, host: url.hostname, port: Number(url.port), targetBucket, prefix: prefix.join('/'), lagMs: Number(process.env.S3SITE_LAG_MS || '0') };
}

async function replicate(rule, key) {
  const object = await server.store.getObject(rule.bucket, key);
  if (!object) return;
  const chunks = [];
  for await (const chunk of object.content) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const modified = new Date(object.metadata['last-modified']).toISOString();
  const resource = `/${rule.targetBucket}/${rule.prefix}${key}`;
  const date = new Date().toUTCString();
  const contentType = object.metadata['content-type'] || 'application/octet-stream';
  // Signature version 2, which s3rver verifies in full (it checks only the key id of a version 4 signature). s3rver 3.7
  // requires a Date header but leaves its line empty in the string it signs, so this one does too.
  const toSign = ['PUT', '', contentType, '', `${SourceTime}:${modified}`, resource].join('\n');
  const signature = crypto.createHmac('sha1', secretAccessKey).update(toSign, 'utf8').digest('base64');
  await new Promise((resolve, reject) => {
    const request = http.request({
      host: rule.host, port: rule.port, method: 'PUT', path: resource,
      headers: { 'Content-Type': contentType, 'Content-Length': body.length, Date: date, [SourceTime]: modified, Authorization: `AWS ${accessKeyId}:${signature}` },
    }, response => {
      let text = ""; response.on("data", c => (text += c));
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode} ${text}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

server.run().then(
  address => console.log(`s3 store listening on ${address.address}:${address.port}`),
  error => { console.error(error.message); process.exit(1); });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close().then(() => process.exit(0)));
