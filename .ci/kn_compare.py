"""Compares the Services kn wrote (--target) with knative/*.yaml in substance; exits 1 on any difference."""
import pathlib
import sys

import yaml  # PyYAML: Debian python3-yaml, or the project venv (mlflow brings it)

SETTINGS = ("autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale", "autoscaling.knative.dev/target")


def env_entry(e):
    if "valueFrom" in e:
        return (e["name"], e["valueFrom"]["secretKeyRef"]["name"], e["valueFrom"]["secretKeyRef"]["key"])
    return (e["name"], "=", str(e["value"]))


def substance(service):
    template = service["spec"]["template"]
    container = template["spec"]["containers"][0]
    annotations = template.get("metadata", {}).get("annotations", {})
    return {
        "name": service["metadata"]["name"],
        "autoscaling": {k: str(annotations[k]) for k in SETTINGS if k in annotations},
        "containerConcurrency": template["spec"].get("containerConcurrency"),
        "timeoutSeconds": template["spec"].get("timeoutSeconds"),
        "image": container["image"],
        "ports": [p["containerPort"] for p in container.get("ports", [])],
        "envFrom": sorted(e["configMapRef"]["name"] for e in container.get("envFrom", [])),
        "env": sorted(env_entry(e) for e in container.get("env", [])),
        "visibility": service["metadata"].get("labels", {}).get("networking.knative.dev/visibility", ""),
        "resources": container.get("resources"),
        "readiness": container["readinessProbe"]["httpGet"]["path"],
        "liveness": container["livenessProbe"]["httpGet"]["path"],
    }


def main(manifests, generated):
    differences = 0
    for made in sorted(pathlib.Path(generated).glob("*.yaml")):
        kn = substance(yaml.safe_load(made.read_text()))
        name = kn["name"].removeprefix("prodcat-")
        ours = substance(yaml.safe_load((pathlib.Path(manifests) / f"{name}.yaml").read_text()))
        differing = [key for key in kn if kn[key] != ours[key]]
        for key in differing:
            print(f"kn-check: {kn['name']}: {key}: kn {kn[key]!r} != manifest {ours[key]!r}")
        print(f"kn-check: {kn['name']}: {'differs' if differing else 'matches the manifest'}")
        differences += len(differing)
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main(*sys.argv[1:])
