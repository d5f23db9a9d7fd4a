#!/usr/bin/env bash
# The same deployment as the manifests in this folder, with the kn CLI (docs/DEPLOY.md "Deploy with kn").
#   knative/kn-deploy.sh                      deploys into namespace prodcat (needs a cluster and the Secrets)
#   KN_TARGET_DIR=DIR knative/kn-deploy.sh    writes the Services as YAML into DIR instead (no cluster needed;
#                                             .ci/kn-check.sh compares them with the manifests)
set -euo pipefail
ns="${KN_NAMESPACE:-prodcat}"
registry="${PRODCAT_IMAGE_PREFIX:-prodcat}"
secrets=(--env-value-from MINIO_ACCESS_KEY=secret:prodcat-minio:access-key
         --env-value-from MINIO_SECRET_KEY=secret:prodcat-minio:secret-key
         --env-value-from MYSQL_USER=secret:prodcat-mysql:user
         --env-value-from MYSQL_PASSWORD=secret:prodcat-mysql:password
         --env-value-from PRODCAT_METRICS_TOKEN=secret:prodcat-metrics:token)
probes=(--probe-readiness http:::/actuator/health/readiness --probe-liveness http:::/actuator/health/liveness)

service() { # name, then kn service create options
    local name="$1"; shift
    local target=()
    [ -n "${KN_TARGET_DIR:-}" ] && target=(--target "$KN_TARGET_DIR/$name.yaml")
    kn service create "$name" --namespace "$ns" --port 8080 --env-from config-map:prodcat-config \
        "${secrets[@]}" "${probes[@]}" --scale-min 0 "$@" "${target[@]}"
}

service prodcat-webhook --image "$registry/train:0.1.0" --concurrency-limit 50 --scale-max 2 --timeout 30 \
    --cluster-local --env PRODCAT_WEBHOOK_ONLY=true \
    --env-value-from PRODCAT_WEBHOOK_TOKEN=secret:prodcat-webhook:token \
    --request cpu=250m,memory=384Mi --limit memory=384Mi
service prodcat-train --image "$registry/train:0.1.0" --concurrency-limit 1 --scale-max 4 --timeout 600 \
    --cluster-local --request cpu=1,memory=1Gi --limit memory=1Gi
service prodcat-evaluate --image "$registry/evaluate:0.1.0" --concurrency-limit 1 --scale-max 2 --timeout 600 \
    --cluster-local --request cpu=500m,memory=768Mi --limit memory=768Mi
service prodcat-predict --image "$registry/predict:0.1.0" --concurrency-limit 100 --scale-target 80 --timeout 30 \
    --env-value-from PRODCAT_ACCESS_API_KEYS=secret:prodcat-api-keys:keys \
    --request cpu=500m,memory=384Mi --limit memory=384Mi
[ -n "${KN_TARGET_DIR:-}" ] && exit 0

kn service create prodcat-dead-letter --namespace "$ns" --scale-min 1 \
    --image gcr.io/knative-releases/knative.dev/eventing/cmd/event_display
kn broker create prodcat --namespace "$ns" --dl-sink ksvc:prodcat-dead-letter --retry 5 \
    --backoff-policy exponential --backoff-delay PT2S
trigger() { # name, event type, subscriber, retries
    kn trigger create "$1" --namespace "$ns" --broker prodcat --filter type="$2" --sink "ksvc:$3"
    # kn has no delivery or audience flags for triggers: retries, backoff, the dead-letter sink and the OIDC audience
    # (the subscriber's name) as in triggers.yaml
    kubectl -n "$ns" patch trigger "$1" --type merge -p "{\"spec\":{\"subscriber\":{\"audience\":\"$3\"},\
\"delivery\":{\"retry\":$4,\
\"backoffPolicy\":\"exponential\",\"backoffDelay\":\"PT5S\",\"deadLetterSink\":{\"ref\":{\"apiVersion\":\
\"serving.knative.dev/v1\",\"kind\":\"Service\",\"name\":\"prodcat-dead-letter\"}}}}}"
}
trigger prodcat-train io.prodcat.dataset.uploaded prodcat-train 3
trigger prodcat-evaluate io.prodcat.training.completed prodcat-evaluate 3
trigger prodcat-predict io.prodcat.model.promoted prodcat-predict 5
kn source binding create prodcat-webhook-sink --namespace "$ns" \
    --subject Service:serving.knative.dev/v1:prodcat-webhook --sink broker:prodcat
# the drift check (PingSource to evaluate's /drift, evaluate's SinkBinding, the alert Trigger and sink): kn gives a
# source's sink neither a path nor an OIDC audience, so drift.yaml as it is
kubectl -n "$ns" apply -f "$(dirname "$0")/drift.yaml"
# kn has no EventPolicy command
kubectl -n "$ns" apply -f "$(dirname "$0")/eventpolicy.yaml"
