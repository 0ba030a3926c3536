# Sourced by scripts: nothing the tests or the local stack start may reach AWS or the network.
export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export SST_TELEMETRY_DISABLED=1
# The SDK warns once per process that its releases after January 2027 need Node 22; the pinned SDK runs on Node 20,
# and the warning, printed by every test worker, buried the test results in CI's log.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
