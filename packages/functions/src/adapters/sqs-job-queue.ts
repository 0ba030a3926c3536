import { GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { QueueMessage } from "@code-remote/core/contract";
import type { JobQueue } from "@code-remote/core/ports";

/** FIFO: one message group per user keeps each user's jobs in order; the job id deduplicates retries. */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: QueueMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.userId,
        MessageDeduplicationId: message.jobId,
      }),
    );
  }

  /** Messages waiting and in flight (approximate, as SQS reports them): for /health. */
  async depth(): Promise<{ waiting: number; inFlight: number }> {
    const { Attributes: a = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return {
      waiting: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }
}
