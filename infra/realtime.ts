export const realtime = new sst.aws.ApiGatewayWebSocket("Realtime");
