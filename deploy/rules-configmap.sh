#!/usr/bin/env bash
# Makes the Kubernetes ConfigMap of a rules folder, and the Deployment patch that lays its sub-folders out again.
#
#   deploy/rules-configmap.sh RULES_DIR [NAME]                 -> the ConfigMap (JSON, which kubectl reads as YAML)
#   deploy/rules-configmap.sh --volume-patch RULES_DIR [NAME]  -> strategic-merge patch for the Deployment's volume
#
# ConfigMap keys cannot contain '/', so each file's key is its relative path with '/' written as '__'
# (governance/GOV-001.drl -> governance__GOV-001.drl), and the volume's items[].path puts it back in its sub-folder.
# All files are in ONE ConfigMap, mounted as ONE volume: kubelet swaps the whole folder at once (..data), so a change
# across sub-folders (a rule moved from one category to another) is never seen half-done.
#   Change rule contents:  deploy/rules-configmap.sh rules | kubectl apply -f -          (hot reload, no restart)
#   Add or remove a file:  also kubectl patch deployment csp-decisions --patch "$(deploy/rules-configmap.sh --volume-patch rules)"
#                          (the items list is part of the pod template, so this rolls the pods)
# Only *.drl, *.json and *.md files (rules, cases, the aggregate and traceability map, the area READMEs) are taken;
# hidden files and folders are skipped, as the service skips them.
# A ConfigMap holds at most 1 MiB in total.
set -euo pipefail

mode=configmap
if [ "${1:-}" = "--volume-patch" ]; then mode=patch; shift; fi
dir="${1:?usage: $0 [--volume-patch] RULES_DIR [NAME]}"
name="${2:-csp-rules}"
[ -d "$dir" ] || { echo "not a folder: $dir" >&2; exit 1; }

# JSON string of a file's text (escapes \ " tab CR and newlines; refuses other control characters).
json_file() {
  if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f]' "$1"; then
    echo "$1: control characters are not allowed in a rule file" >&2; exit 1
  fi
  printf '"'
  LC_ALL=C sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' "$1" \
    | LC_ALL=C awk -v trailing="$(tail -c1 "$1" | wc -l)" 'BEGIN { ORS = "" }
        { if (NR > 1) print "\\n"; print $0 } END { if (NR > 0 && trailing > 0) print "\\n" }'
  printf '"'
}

mapfile -t files < <(cd "$dir" && find . \( -name '.?*' -prune \) -o -type f \( -name '*.drl' -o -name '*.json' -o -name '*.md' \) -print \
  | sed 's|^\./||' | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || { echo "no .drl or .json files in $dir" >&2; exit 1; }

if [ "$mode" = patch ]; then
  printf '{"spec":{"template":{"spec":{"volumes":[{"name":"rules","configMap":{"name":"%s","items":[' "$name"
  sep=""
  for f in "${files[@]}"; do
    printf '%s{"key":"%s","path":"%s"}' "$sep" "${f//\//__}" "$f"; sep=","
  done
  printf ']}}]}}}}\n'
  exit 0
fi

printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","labels":{"app.kubernetes.io/name":"csp-decisions"}},"data":{' "$name"
sep=""
for f in "${files[@]}"; do
  key="${f//\//__}"
  [[ "$key" =~ ^[-._a-zA-Z0-9]+$ ]] || { echo "$f: a ConfigMap key may only hold letters, digits, '-', '_' and '.'" >&2; exit 1; }
  printf '%s\n  "%s": ' "$sep" "$key"; json_file "$dir/$f"; sep=","
done
printf '\n}}\n'
