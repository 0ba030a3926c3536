import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { LOCAL_CREDENTIALS } from "../net";

/**
 * S3 twin: fauxqs serves S3 on the same endpoint as SQS (src/emulators/sqs.ts), in memory. Here the
 * bucket is created through the S3 API itself, as the cloud's is by infra/storage.ts. Path-style URLs
 * (`http://127.0.0.1:<port>/<bucket>/<key>`): no `<bucket>.<host>` name has to resolve.
 */
export async function ensureBucket(endpoint: string, region: string, bucket: string): Promise<void> {
  const client = new S3Client({ endpoint, region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket })); // idempotent in fauxqs (S3: BucketAlreadyOwnedByYou)
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}
