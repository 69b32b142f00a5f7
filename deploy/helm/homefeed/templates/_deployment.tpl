{{/*
A Deployment of one long-running process: the services (deployment.yaml) and the inspector
(inspector.yaml). Call with (dict "root" $ "name" "feed-builder" "workload" $values
"env" $envYaml "ports" (dict "grpc" 50051 ...) "probes" $probesYaml "volumes" $volumesDict
"adminClient" bool), where
  - $values is the process's block of the values (image, replicas, autoscaling, resources,
    extraEnvFrom, podAnnotations, nodeSelector, tolerations, affinity, nodeFlags);
  - its environment is the ConfigMap <fullname>-<name> (configmap.yaml), $envYaml its content
    (the pods roll when it changes);
  - $volumesDict the arguments of homefeed.volumes and homefeed.volumeMounts;
  - adminClient labels the pods homefeed.io/admin-client: "true" (feed-builder's admin port).
The command is node, the values' nodeFlags, the process's own nodeFlags, then
/app/services/<name>/dist/main.js.
*/}}
{{- define "homefeed.deployment" -}}
{{- $root := .root -}}
{{- $svc := .workload -}}
{{- $component := dict "root" $root "component" .name -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "homefeed.fullname" $root }}-{{ .name }}
  labels:
    {{- include "homefeed.labels" $component | nindent 4 }}
spec:
  {{- if not (dig "autoscaling" "enabled" false $svc) }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "homefeed.selectorLabels" $component | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "homefeed.labels" $component | nindent 8 }}
        {{- if .adminClient }}
        {{- include "homefeed.adminClientLabel" $root | nindent 8 }}
        {{- end }}
      annotations:
        # Rolls the pods when their environment changes.
        checksum/env: {{ .env | sha256sum }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "homefeed.podSpecCommon" $root | nindent 6 }}
      terminationGracePeriodSeconds: {{ $root.Values.shutdown.terminationGracePeriodSeconds }}
      {{- if $root.Values.spreadOverNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "homefeed.selectorLabels" $component | nindent 14 }}
      {{- end }}
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          {{- include "homefeed.containerCommon" (dict "root" $root "image" $svc.image) | nindent 10 }}
          command: {{ concat (list "node") $root.Values.nodeFlags ($svc.nodeFlags | default list) (list (printf "%s/services/%s/dist/main.js" (include "homefeed.appDir" $root) .name)) | toJson }}
          envFrom:
            - configMapRef:
                name: {{ include "homefeed.fullname" $root }}-{{ .name }}
            {{- with $svc.extraEnvFrom }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            {{- range $port, $number := .ports }}
            - name: {{ $port }}
              containerPort: {{ $number }}
              protocol: TCP
            {{- end }}
          {{- .probes | nindent 10 }}
          {{- with $root.Values.shutdown.preStopSleepSeconds }}
          lifecycle:
            preStop:
              exec:
                command: [sleep, {{ . | quote }}]
          {{- end }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            {{- include "homefeed.volumeMounts" .volumes | nindent 12 }}
      volumes:
        {{- include "homefeed.volumes" .volumes | nindent 8 }}
{{- end -}}
