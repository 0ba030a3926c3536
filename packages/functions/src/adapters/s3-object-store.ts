import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ObjectStore, StoredObject } from "@code-remote/core/ports";

/**
 * The object store on S3: one private bucket. The worker puts and deletes (s3:PutObject,
 * s3:DeleteObject), the API gets (s3:GetObject); nothing lists in the cloud (list() is for the local
 * sweeper, which stands in for the bucket's lifecycle rule). A missing key is `undefined`; a missing
 * bucket (NoSuchBucket) or a refused call is an error, as S3 answers it.
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, options: { contentType: string }): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: options.contentType }),
    );
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return undefined;
      return {
        body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        ...(out.ContentLength !== undefined ? { bytes: out.ContentLength } : {}),
      };
    } catch (error) {
      // NoSuchKey with s3:ListBucket; without it S3 answers AccessDenied (403) for a missing key, which
      // stays an error here: the API holds only GetObject and reads only keys its jobs point at.
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
