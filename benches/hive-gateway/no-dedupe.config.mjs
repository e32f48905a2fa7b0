// Hive Gateway without deduplication of identical in-flight subgraph
// requests (on by its defaults), to compare with our router with its
// deduplication off: benches/router measures both ways, like with like.
export const gatewayConfig = {
  transportEntries: {
    '*.http': {
      options: { deduplicateInflightRequests: false },
    },
  },
};
