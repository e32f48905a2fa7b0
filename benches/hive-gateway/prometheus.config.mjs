// Hive Gateway with Prometheus metrics on /metrics, as our router has them:
// benches/router compares the two gateways with the same feature on too.
export const gatewayConfig = {
  prometheus: {},
};
