/**
 * A DynamoDB error as the wire shows it: HTTP 400, `__type` "<namespace>#<name>", a message, and for
 * some errors extra body fields (CancellationReasons, Item). The SDK maps the part after '#' to its
 * exception class, so the name must be exact.
 */
export class DynamoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }

  body(): Record<string, unknown> {
    return { __type: `${namespaceOf(this.type)}#${this.type}`, message: this.message, ...this.extra };
  }
}

// DynamoDB answers input-shape errors from its request framework ("coral"), the rest from the service.
function namespaceOf(type: string): string {
  if (type === "ValidationException") return "com.amazon.coral.validate";
  if (type === "SerializationException" || type === "UnknownOperationException") return "com.amazon.coral.service";
  return "com.amazonaws.dynamodb.v20120810";
}

export function validation(message: string): DynamoError {
  return new DynamoError("ValidationException", message);
}

export function conditionFailed(item?: Record<string, unknown>): DynamoError {
  return new DynamoError(
    "ConditionalCheckFailedException",
    "The conditional request failed",
    item ? { Item: item } : {},
  );
}

export function notFound(message = "Requested resource not found"): DynamoError {
  return new DynamoError("ResourceNotFoundException", message);
}
