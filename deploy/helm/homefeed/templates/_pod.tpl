{{/*
Pod pieces shared by the services and the jobs: security, volumes, mounts, probes.
*/}}

{{/* Pod-level settings every pod of the release gets. */}}
{{- define "homefeed.podSpecCommon" -}}
automountServiceAccountToken: false
# Addresses are passed explicitly; service links would only add variables that could collide
# with the ones the code reads (a Service named "ranker" would set RANKER_PORT).
enableServiceLinks: false
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/*
Container-level settings every container of the release gets.
Call with (dict "root" $ "image" $svc.image), the image override may be empty.
*/}}
{{- define "homefeed.containerCommon" -}}
image: {{ include "homefeed.image" (dict "root" .root "override" .image) | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
{{- end -}}

{{- define "homefeed.artifactsVolumeSource" -}}
{{- $artifacts := .Values.artifacts -}}
{{- if $artifacts.volume -}}
{{- toYaml $artifacts.volume -}}
{{- else -}}
persistentVolumeClaim:
  claimName: {{ default (printf "%s-artifacts" (include "homefeed.fullname" .)) $artifacts.existingClaim }}
{{- end -}}
{{- end -}}

{{/*
Volumes of a pod. Call with (dict "root" $ "store" bool "artifacts" "none|read|readWrite"
"experiments" bool "apiKeys" bool "tls" bool "tmpSizeLimit" quantity).
*/}}
{{- define "homefeed.volumes" -}}
{{- $root := .root -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ default $root.Values.tmp.sizeLimit .tmpSizeLimit }}
{{- if ne .artifacts "none" }}
- name: artifacts
  {{- include "homefeed.artifactsVolumeSource" $root | nindent 2 }}
{{- end }}
{{- if and .experiments $root.Values.experiments.config }}
- name: experiments
  configMap:
    name: {{ include "homefeed.fullname" $root }}-experiments
{{- end }}
{{- if and .apiKeys (not $root.Values.apiKeys.allowUnauthenticated) }}
- name: api-keys
  secret:
    secretName: {{ include "homefeed.apiKeysSecret" $root }}
    items: [{key: {{ $root.Values.apiKeys.key | quote }}, path: {{ $root.Values.apiKeys.key | quote }}}]
{{- end }}
{{- if and .tls $root.Values.tls.existingSecret }}
{{- $tls := $root.Values.tls }}
- name: tls
  secret:
    secretName: {{ $tls.existingSecret }}
    items:
      {{- range $key := list $tls.certKey $tls.keyKey $tls.caKey }}
      - {key: {{ $key | quote }}, path: {{ $key | quote }}}
      {{- end }}
{{- end }}
{{- if .store }}
{{- $ca := $root.Values.hbase.ca }}
{{- if and (eq $root.Values.store.backend "hbase") $ca.secretName }}
- name: hbase-ca
  secret:
    secretName: {{ $ca.secretName }}
    items: [{key: {{ $ca.key | quote }}, path: {{ $ca.key | quote }}}]
{{- else if and (eq $root.Values.store.backend "hbase") $ca.configMapName }}
- name: hbase-ca
  configMap:
    name: {{ $ca.configMapName }}
    items: [{key: {{ $ca.key | quote }}, path: {{ $ca.key | quote }}}]
{{- else if eq $root.Values.store.backend "lmdb" }}
- name: lmdb
  persistentVolumeClaim:
    claimName: {{ required "store.lmdb.existingClaim is required with store.backend=lmdb" $root.Values.store.lmdb.existingClaim }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Mounts matching homefeed.volumes, with the same arguments.
*/}}
{{- define "homefeed.volumeMounts" -}}
{{- $root := .root -}}
- name: tmp
  mountPath: /tmp
{{- if ne .artifacts "none" }}
- name: artifacts
  mountPath: {{ $root.Values.artifacts.mountPath }}
  readOnly: {{ eq .artifacts "read" }}
{{- end }}
{{- if and .experiments $root.Values.experiments.config }}
- name: experiments
  mountPath: {{ dir (include "homefeed.experimentsFile" $root) }}
  readOnly: true
{{- end }}
{{- if and .apiKeys (not $root.Values.apiKeys.allowUnauthenticated) }}
- name: api-keys
  mountPath: {{ include "homefeed.apiKeysDir" $root }}
  readOnly: true
{{- end }}
{{- if and .tls $root.Values.tls.existingSecret }}
- name: tls
  mountPath: {{ include "homefeed.tlsDir" $root }}
  readOnly: true
{{- end }}
{{- if .store }}
{{- $ca := $root.Values.hbase.ca }}
{{- if and (eq $root.Values.store.backend "hbase") (or $ca.secretName $ca.configMapName) }}
- name: hbase-ca
  mountPath: {{ include "homefeed.hbaseCaDir" $root }}
  readOnly: true
{{- else if eq $root.Values.store.backend "lmdb" }}
- name: lmdb
  mountPath: {{ $root.Values.store.lmdb.mountPath }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The startup, readiness and liveness probes of a service. Readiness always asks grpc.health.v1
(SERVING only once the service can answer; over HTTP on the metrics port when TLS is on);
startup and liveness use the service's livenessCheck (grpc or tcpSocket). Call with (dict "root" $ "key" "ranker" "svc" $svc).
*/}}
{{- define "homefeed.probes" -}}
{{- $probes := .root.Values.probes -}}
{{- $port := int .svc.ports.grpc -}}
{{- $grpc := dict "grpc" (dict "port" $port) -}}
{{- if .root.Values.tls.existingSecret }}
{{- /* The kubelet's gRPC probe cannot speak TLS: it asks /health on the metrics port, the same health state over HTTP. */}}
{{- $grpc = dict "httpGet" (dict "path" "/health" "port" "metrics") }}
{{- end }}
{{- $liveness := $grpc -}}
{{- if eq .svc.livenessCheck "tcpSocket" }}
{{- $liveness = dict "tcpSocket" (dict "port" $port) }}
{{- else if ne .svc.livenessCheck "grpc" }}
{{- fail (printf "services.%s.livenessCheck: expected grpc or tcpSocket, got %q" .key .svc.livenessCheck) }}
{{- end -}}
startupProbe:
  {{- toYaml (merge (deepCopy $liveness) $probes.startup) | nindent 2 }}
readinessProbe:
  {{- toYaml (merge (deepCopy $grpc) $probes.readiness) | nindent 2 }}
livenessProbe:
  {{- toYaml (merge (deepCopy $liveness) $probes.liveness) | nindent 2 }}
{{- end -}}
