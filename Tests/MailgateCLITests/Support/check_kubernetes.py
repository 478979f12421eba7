"""Renders Deploy/kubernetes as kustomize would and validates every object against the Kubernetes schemas.

With kubectl on PATH its built-in kustomize renders the base; without it (Debian has no current kubectl) the
kustomization's resources are resolved here: each listed file read in order, the common labels and the image
override applied, which is all this base uses. Either way every object goes through kubernetes-validate (strict:
unknown fields are errors). Prints one line per object and exits non-zero on the first problem.

    check_kubernetes.py DIRECTORY
"""
import os
import shutil
import subprocess
import sys

import kubernetes_validate
import yaml

KINDS_WITH_POD_TEMPLATE = {"Deployment", "StatefulSet", "DaemonSet"}


def resolve(directory):
    with open(os.path.join(directory, "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f)
    labels = {}
    for entry in kustomization.get("labels", []):
        labels.update(entry["pairs"])
    images = {image["name"]: image for image in kustomization.get("images", [])}
    objects = []
    for resource in kustomization["resources"]:
        path = os.path.join(directory, resource)
        if not os.path.isfile(path):
            raise SystemExit(f"{resource}: listed in kustomization.yaml but missing")
        with open(path) as f:
            for document in yaml.safe_load_all(f):
                if document is None:
                    continue
                document.setdefault("metadata", {}).setdefault("labels", {}).update(labels)
                if document["kind"] in KINDS_WITH_POD_TEMPLATE:
                    for container in document["spec"]["template"]["spec"]["containers"]:
                        image = images.get(container["image"])
                        if image:
                            container["image"] = f'{image.get("newName", image["name"])}:{image["newTag"]}'
                objects.append(document)
    return objects


def render(directory):
    if shutil.which("kubectl"):
        output = subprocess.run(["kubectl", "kustomize", directory], check=True, capture_output=True, text=True).stdout
        print("rendered with kubectl kustomize")
        return [document for document in yaml.safe_load_all(output) if document]
    print("kubectl not found: kustomization resolved by this script")
    return resolve(directory)


def main():
    directory = sys.argv[1]
    objects = render(directory)
    # The resolution must agree with the files: every listed resource rendered, nothing lost.
    expected = {(o["kind"], o["metadata"]["name"]) for o in resolve(directory)}
    rendered = {(o["kind"], o["metadata"]["name"]) for o in objects}
    if expected != rendered:
        raise SystemExit(f"rendered objects {sorted(rendered)} differ from the kustomization's {sorted(expected)}")
    for document in objects:
        try:
            kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)
        except kubernetes_validate.ValidationError as error:
            raise SystemExit(f'{document["kind"]}/{document["metadata"]["name"]}: {error.message} at {list(error.path)}')
        print(f'valid {document["kind"]}/{document["metadata"]["name"]}')


if __name__ == "__main__":
    main()
