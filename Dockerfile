# One image, the one `jobgraph` binary: every service, the router and the
# operations commands. Multi-stage: the toolchain stays in the builder.
FROM rust:1.95-bookworm AS builder
# librdkafka is built from source by rdkafka-sys: it needs a C toolchain (present), make and zlib.
RUN apt-get update \
    && apt-get install -y --no-install-recommends cmake zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin jobgraph \
    && cp target/release/jobgraph /usr/local/bin/jobgraph

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates zlib1g curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/jobgraph jobgraph \
    && mkdir -p /keys /var/lib/jobgraph && chown jobgraph /keys /var/lib/jobgraph
COPY --from=builder /usr/local/bin/jobgraph /usr/local/bin/jobgraph
COPY schema /etc/jobgraph/schema
# The web client's trusted documents, for the router (deploy/router.yaml).
COPY web/app/gql/persisted-documents.json /etc/jobgraph/persisted-documents.json
USER jobgraph
WORKDIR /var/lib/jobgraph
ENTRYPOINT ["jobgraph"]
CMD ["--help"]
