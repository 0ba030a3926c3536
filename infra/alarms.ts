import { deadLetterConsumer } from "./worker";

/** Where alarms go. Subscribe an address once: README, "Deploy". */
export const alerts = new sst.aws.SnsTopic("Alerts");

/**
 * A job dead-lettered: its message was received 3 times without being deleted (the worker died or
 * timed out each time). The DLQ has a consumer, so its depth stays near zero and a depth alarm
 * would never fire, and SQS does not count redriven messages in the DLQ's NumberOfMessagesSent. So
 * this counts what always happens to such a message: the DLQ consumer is invoked with it.
 */
export const deadLetteredAlarm = new aws.cloudwatch.MetricAlarm("JobsDeadLettered", {
  alarmDescription: "A Code Remote job was dead-lettered (received 3 times without finishing) and marked failed.",
  namespace: "AWS/Lambda",
  metricName: "Invocations",
  dimensions: { FunctionName: deadLetterConsumer.nodes.function.name },
  statistic: "Sum",
  period: 60,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
  treatMissingData: "notBreaching",
  alarmActions: [alerts.arn],
});
