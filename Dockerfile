# The Loket server image with the browser app: `docker compose up` builds it.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
RUN cargo install trunk --locked --version 0.21.14 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY . .
RUN bash scripts/build-frontend.sh && cargo build --release -p loket

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /var/lib/loket loket && mkdir -p /var/lib/loket && chown loket /var/lib/loket
COPY --from=build /src/target/release/loket /usr/local/bin/loket
COPY --from=build /src/frontend/dist /srv/loket/dist
USER loket
WORKDIR /var/lib/loket
ENV LOKET_LISTEN=0.0.0.0:8080 LOKET_ENVIRONMENT=production LOKET_SPA_DIR=/srv/loket/dist LOKET_DATA_DIR=/var/lib/loket
EXPOSE 8080
HEALTHCHECK CMD curl -fs http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["loket"]
CMD ["serve"]
