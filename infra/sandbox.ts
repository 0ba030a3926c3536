/**
 * The sandbox function: a Python container image with no links, no permissions, in private
 * subnets of a VPC with no NAT gateway, so user code has no route out.
 */
export const vpc = new sst.aws.Vpc("SandboxVpc", { az: 2 });

export const sandbox = new sst.aws.Function("Sandbox", {
  runtime: "python3.12",
  python: { container: true },
  handler: "packages/sandbox/runner/handler.handler",
  memory: "1536 MB",
  // Longest wall limit (30 s) plus fork and result serialisation.
  timeout: "40 seconds",
  vpc: { privateSubnets: vpc.privateSubnets, securityGroups: vpc.securityGroups },
});
