{{/*
The pod template of a job: the homefeed CLI with the store settings, the artifact store
mounted read-write when it needs it, and the admin-client label. Call with
(dict "root" $ "component" "train" "command" (list ...) "artifacts" bool "env" map
 "resources" map "tmpSizeLimit" quantity-or-empty).
*/}}
{{- define "homefeed.jobPodTemplate" -}}
{{- $root := .root -}}
{{- $jobs := $root.Values.jobs -}}
{{- $volumes := dict "root" $root "store" true "artifacts" (ternary "readWrite" "none" .artifacts) "experiments" false "tmpSizeLimit" .tmpSizeLimit -}}
metadata:
  labels:
    {{- include "homefeed.labels" (dict "root" $root "component" .component) | nindent 4 }}
    {{- include "homefeed.adminClientLabel" $root | nindent 4 }}
  {{- with $jobs.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  restartPolicy: Never
  {{- include "homefeed.podSpecCommon" $root | nindent 2 }}
  {{- with $jobs.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $jobs.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $jobs.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      {{- include "homefeed.containerCommon" (dict "root" $root "image" (dict)) | nindent 6 }}
      command:
        {{- toYaml .command | nindent 8 }}
      env:
        {{- include "homefeed.envList" (include "homefeed.jobEnv" (dict "root" $root "artifacts" .artifacts "env" .env)) | nindent 8 }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      volumeMounts:
        {{- include "homefeed.volumeMounts" $volumes | nindent 8 }}
  volumes:
    {{- include "homefeed.volumes" $volumes | nindent 4 }}
{{- end -}}

{{/* The homefeed CLI, as the first words of a job's command. */}}
{{- define "homefeed.cli" -}}
{{- list "node" (printf "%s/packages/cli/bin/homefeed.js" (include "homefeed.appDir" .)) | toJson -}}
{{- end -}}

{{/*
A CronJob running one homefeed command. Call with (dict "root" $ "component" "cf-build"
"schedule" "..." "suspend" bool "activeDeadlineSeconds" n and the jobPodTemplate keys).
*/}}
{{- define "homefeed.cronJob" -}}
{{- $root := .root -}}
{{- $jobs := $root.Values.jobs -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "homefeed.fullname" $root }}-{{ .component }}
  labels:
    {{- include "homefeed.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  schedule: {{ .schedule | quote }}
  suspend: {{ .suspend }}
  # A run still going when the next is due is left to finish; the next one is skipped.
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: {{ $jobs.successfulJobsHistoryLimit }}
  failedJobsHistoryLimit: {{ $jobs.failedJobsHistoryLimit }}
  jobTemplate:
    metadata:
      labels:
        {{- include "homefeed.labels" (dict "root" $root "component" .component) | nindent 8 }}
    spec:
      backoffLimit: {{ $jobs.backoffLimit }}
      activeDeadlineSeconds: {{ .activeDeadlineSeconds }}
      ttlSecondsAfterFinished: {{ $jobs.ttlSecondsAfterFinished }}
      template:
        {{- include "homefeed.jobPodTemplate" . | nindent 8 }}
{{- end -}}
