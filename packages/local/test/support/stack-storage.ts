// The stack's bucket and job table as the suites that store objects (large results, traces) look at
// them: AWS SDK clients on the stack's endpoints, whether an object is there, what it holds, and a job
// made to expire so that the sweep (the stack's stand-in for the bucket's lifecycle rule) takes its object.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createTable } from "@code-remote/core/store";
import type { TestStack } from "./stack";

const SWEPT_WITHIN_MS = 10_000;

export class StackStorage {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;

  constructor(
    private readonly stack: TestStack,
    private readonly sweepMs: number,
  ) {
    const local = { region: stack.auth.region, credentials: { accessKeyId: "local", secretAccessKey: "local" } };
    this.s3 = new S3Client({ ...local, endpoint: stack.urls.s3, forcePathStyle: true });
    this.dynamo = new DynamoDBClient({ ...local, endpoint: stack.urls.dynamodb });
  }

  async objectExists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.stack.bucketName, Key: key }));
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === "NotFound" || name === "NoSuchKey") return false;
      throw error;
    }
  }

  /** The object's content type and text. */
  async readObject(key: string): Promise<{ contentType: string | undefined; text: string }> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.stack.bucketName, Key: key }));
    return { contentType: object.ContentType, text: await object.Body!.transformToString() };
  }

  /**
   * The job's TTL passes (DynamoDB would delete the item; the twin reads it as absent from then on);
   * then waits for the sweep to remove `key`. Whether it did.
   */
  async expireAndAwaitSweep(jobId: string, key: string): Promise<boolean> {
    await createTable(this.dynamo, this.stack.tableName)
      .entities.job.patch({ jobId })
      .set({ expiresAt: Math.floor(Date.now() / 1000) - 1 })
      .go();
    const deadline = Date.now() + SWEPT_WITHIN_MS;
    while ((await this.objectExists(key)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, this.sweepMs));
    return !(await this.objectExists(key));
  }

  destroy(): void {
    this.s3.destroy();
    this.dynamo.destroy();
  }
}
