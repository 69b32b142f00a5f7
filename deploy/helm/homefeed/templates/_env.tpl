{{/*
Environment of the processes, as YAML maps of variable -> string. The variables are the ones
the code reads (config.ts of each service, packages/store/src/open.ts).
*/}}

{{/* Where the image holds the built workspace (the Dockerfile's WORKDIR). */}}
{{- define "homefeed.appDir" -}}
/app
{{- end -}}

{{- define "homefeed.hbaseCaDir" -}}
/etc/homefeed/hbase-ca
{{- end -}}

{{- define "homefeed.experimentsFile" -}}
/etc/homefeed/experiments/experiments.yaml
{{- end -}}

{{/* Where the API keys Secret and the TLS Secret are mounted (whole directories, so updates reach the pods). */}}
{{- define "homefeed.apiKeysDir" -}}
/etc/homefeed/api-keys
{{- end -}}

{{- define "homefeed.tlsDir" -}}
/etc/homefeed/tls
{{- end -}}

{{- define "homefeed.apiKeysSecret" -}}
{{- default (printf "%s-api-keys" (include "homefeed.fullname" .)) .Values.apiKeys.existingSecret -}}
{{- end -}}

{{/*
Access control of a service (docs/security.md): the API keys file for the services with public
APIs (apiKeys: true), and TLS for every service when tls.existingSecret is set.
Call with (dict "root" $ "svc" $svc).
*/}}
{{- define "homefeed.securityEnv" -}}
{{- $root := .root -}}
{{- $env := dict -}}
{{- if .svc.apiKeys }}
{{- if $root.Values.apiKeys.allowUnauthenticated }}
{{- $_ := set $env "ALLOW_UNAUTHENTICATED" "true" }}
{{- else }}
{{- $_ := set $env "API_KEYS_FILE" (printf "%s/%s" (include "homefeed.apiKeysDir" $root) $root.Values.apiKeys.key) }}
{{- $_ := set $env "API_KEYS_POLL_MS" (toString $root.Values.apiKeys.pollMs) }}
{{- end }}
{{- end }}
{{- $tls := $root.Values.tls }}
{{- if $tls.existingSecret }}
{{- $dir := include "homefeed.tlsDir" $root }}
{{- $_ := set $env "TLS_CERT_FILE" (printf "%s/%s" $dir $tls.certKey) }}
{{- $_ := set $env "TLS_KEY_FILE" (printf "%s/%s" $dir $tls.keyKey) }}
{{- $_ := set $env "TLS_CA_FILE" (printf "%s/%s" $dir $tls.caKey) }}
{{- $_ := set $env "TLS_CLIENT_AUTH" (ternary "require" "none" $tls.clientAuth) }}
{{- end }}
{{- toYaml $env }}
{{- end -}}

{{/* Every process that opens the store: the services with store: true and the jobs. */}}
{{- define "homefeed.storeEnv" -}}
{{- $store := .Values.store -}}
HOMEFEED_STORE: {{ $store.backend | quote }}
{{- if eq $store.backend "hbase" }}
{{- $hbase := .Values.hbase }}
HBASE_REST_HOST: {{ $hbase.host | quote }}
HBASE_REST_PORT: {{ $hbase.port | toString | quote }}
HBASE_REST_PROTOCOL: {{ $hbase.protocol | quote }}
HBASE_REST_TLS_VERIFY: {{ $hbase.tlsVerify | toString | quote }}
HBASE_TABLE_PREFIX: {{ $hbase.tablePrefix | quote }}
HBASE_TIMEOUT_MS: {{ $hbase.timeoutMs | toString | quote }}
{{- if or $hbase.ca.secretName $hbase.ca.configMapName }}
HBASE_REST_CA_FILE: {{ printf "%s/%s" (include "homefeed.hbaseCaDir" .) $hbase.ca.key | quote }}
{{- end }}
{{- else }}
HOMEFEED_DATA_DIR: {{ $store.lmdb.mountPath | quote }}
{{- end }}
{{- end -}}

{{/*
One service's environment (its ConfigMap). Call with (dict "root" $ "key" "feedBuilder" "svc" $svc).
*/}}
{{- define "homefeed.serviceEnv" -}}
{{- $root := .root -}}
{{- $prefix := include "homefeed.envPrefix" .key -}}
{{- $env := dict "LOG_LEVEL" $root.Values.logLevel -}}
{{- $portVariables := dict "grpc" "PORT" "metrics" "METRICS_PORT" "admin" "ADMIN_PORT" -}}
{{- range $port, $number := .svc.ports }}
{{- $suffix := get $portVariables $port }}
{{- if not $suffix }}
{{- fail (printf "services.%s.ports.%s: unknown port; known: grpc, metrics, admin" $.key $port) }}
{{- end }}
{{- $_ := set $env (printf "%s_%s" $prefix $suffix) (toString $number) }}
{{- end }}
{{- range $peer := .svc.peers }}
{{- $peerSvc := get $root.Values.services $peer }}
{{- if not $peerSvc }}
{{- fail (printf "services.%s.peers: no service %q in services" $.key $peer) }}
{{- end }}
{{- $address := printf "%s-%s:%v" (include "homefeed.fullname" $root) (include "homefeed.serviceName" $peer) $peerSvc.ports.grpc }}
{{- $_ := set $env (printf "%s_ADDR" (include "homefeed.envPrefix" $peer)) $address }}
{{- end }}
{{- if .svc.store }}
{{- $env = merge $env (include "homefeed.storeEnv" $root | fromYaml) }}
{{- end }}
{{- if .svc.ports.admin }}
{{- /* The admin port defaults to loopback; the Service reaches it on the pod's address. */}}
{{- $_ := set $env (printf "%s_ADMIN_HOST" $prefix) "0.0.0.0" }}
{{- end }}
{{- if ne .svc.artifacts "none" }}
{{- $_ := set $env "ARTIFACT_DIR" $root.Values.artifacts.mountPath }}
{{- end }}
{{- if .svc.model }}
{{- $_ := set $env "MODEL_NAME" $root.Values.modelName }}
{{- end }}
{{- if and .svc.experiments $root.Values.experiments.config }}
{{- $_ := set $env "EXPERIMENTS_FILE" (include "homefeed.experimentsFile" $root) }}
{{- end }}
{{- $env = merge $env (include "homefeed.securityEnv" (dict "root" $root "svc" .svc) | fromYaml) }}
{{- range $name, $value := .svc.env }}
{{- $_ := set $env $name (toString $value) }}
{{- end }}
{{- toYaml $env }}
{{- end -}}

{{/*
What the inspector's code needs, in the terms of a service's entry in .Values.services (its
environment and its volumes follow from it): the ranker, the store, the artifacts read-only.
*/}}
{{- define "homefeed.inspectorNeeds" -}}
peers: [ranker]
store: true
artifacts: read
model: false
experiments: false
apiKeys: false
{{- end -}}

{{/*
The inspector's environment (services/inspector/src/config.ts): serviceEnv's, as for a service
that opens the store, reads the artifacts and calls the ranker, plus its own variables. It
listens on the pod's address (the Service and port-forwards reach it there) and calls
FeedInspectionService on feed-builder's admin Service. It serves plain HTTP only, so of the
TLS variables it uses the client ones. inspector.env overrides any of them.
*/}}
{{- define "homefeed.inspectorEnv" -}}
{{- $inspector := .Values.inspector -}}
{{- $admin := required "inspector.enabled needs services.feedBuilder.ports.admin (its FeedInspectionService)" .Values.services.feedBuilder.ports.admin -}}
{{- $own := dict
      "INSPECTOR_HOST" "0.0.0.0"
      "INSPECTOR_PORT" (toString $inspector.port)
      "INSPECTOR_CALL_TIMEOUT_MS" (toString $inspector.callTimeoutMs)
      "FEED_BUILDER_ADMIN_ADDR" (printf "%s-feed-builder-admin:%v" (include "homefeed.fullname" .) $admin) -}}
{{- $svc := merge (dict "ports" (dict) "env" (merge (deepCopy (default (dict) $inspector.env)) $own)) (include "homefeed.inspectorNeeds" . | fromYaml) -}}
{{- $env := include "homefeed.serviceEnv" (dict "root" . "key" "inspector" "svc" $svc) | fromYaml -}}
{{- $_ := unset $env "TLS_CLIENT_AUTH" -}}
{{- toYaml $env }}
{{- end -}}

{{/*
A job's environment. Call with (dict "root" $ "artifacts" true "env" $extra).
*/}}
{{- define "homefeed.jobEnv" -}}
{{- $env := include "homefeed.storeEnv" .root | fromYaml -}}
{{- $_ := set $env "LOG_LEVEL" .root.Values.logLevel -}}
{{- if .artifacts }}
{{- $_ := set $env "ARTIFACT_DIR" .root.Values.artifacts.mountPath }}
{{- end }}
{{- range $name, $value := .env }}
{{- $_ := set $env $name (toString $value) }}
{{- end }}
{{- toYaml $env }}
{{- end -}}

{{/* A YAML map of variables as a container's env list. */}}
{{- define "homefeed.envList" -}}
{{- $list := list -}}
{{- range $name, $value := fromYaml . -}}
{{- $list = append $list (dict "name" $name "value" (toString $value)) -}}
{{- end -}}
{{- toYaml $list -}}
{{- end -}}
