{{/*
Names and labels shared by every object of the release.
*/}}

{{/* The prefix of every object's name: the release name unless fullnameOverride says otherwise. */}}
{{- define "homefeed.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* A service's name from its key in .Values.services: feedBuilder -> feed-builder. */}}
{{- define "homefeed.serviceName" -}}
{{- kebabcase . -}}
{{- end -}}

{{/* The prefix of a service's env variables (its config.ts): feedBuilder -> FEED_BUILDER. */}}
{{- define "homefeed.envPrefix" -}}
{{- snakecase . | upper -}}
{{- end -}}

{{- define "homefeed.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the release's pods (the NetworkPolicy's "pods of this release"). */}}
{{- define "homefeed.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "feed-builder"). */}}
{{- define "homefeed.selectorLabels" -}}
{{ include "homefeed.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every label of one component's objects. Call with (dict "root" $ "component" "feed-builder"). */}}
{{- define "homefeed.labels" -}}
{{ include "homefeed.selectorLabels" . }}
app.kubernetes.io/part-of: homefeed
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "homefeed.chart" .root }}
{{- end -}}

{{/*
The image: .Values.image, or a service's own image.repository / image.tag where set.
Call with (dict "root" $ "override" $svc.image), the override may be empty.
*/}}
{{- define "homefeed.image" -}}
{{- $image := merge (deepCopy (default (dict) .override)) .root.Values.image -}}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The label that lets a pod reach feed-builder's admin port (NetworkPolicy). */}}
{{- define "homefeed.adminClientLabel" -}}
homefeed.io/admin-client: "true"
{{- end -}}

{{/* The NetworkPolicy peer of the admin clients: pods of the release's namespace with that label. */}}
{{- define "homefeed.adminClientPeer" -}}
- podSelector:
    matchLabels:
      {{- include "homefeed.adminClientLabel" . | nindent 6 }}
{{- end -}}

{{/*
"30m", "1h", "7d" (the CLI's duration format, see `homefeed train --help`) as seconds.
Call with (dict "value" "1d" "what" "training.window").
*/}}
{{- define "homefeed.durationSeconds" -}}
{{- $match := regexFind "^[0-9]+[smhd]$" (toString .value) -}}
{{- if not $match -}}
{{- fail (printf "%s: expected a duration such as 30m, 1h or 7d, got %q" .what (toString .value)) -}}
{{- end -}}
{{- $number := trimSuffix (regexFind "[smhd]$" $match) $match | int -}}
{{- $unit := get (dict "s" 1 "m" 60 "h" 3600 "d" 86400) (regexFind "[smhd]$" $match) -}}
{{- mul $number $unit -}}
{{- end -}}
