"""Calls predict through the Open Inference Protocol with Triton's HTTP client (tritonclient[http] from PyPI) and
prints what it got, as one JSON object, for OpenInferenceIT.

    triton_client.py HOST:PORT MODEL TOKEN TITLE...
"""
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def texts(titles, binary=False):
    tensor = httpclient.InferInput("text", [len(titles)], "BYTES")
    tensor.set_data_from_numpy(np.array(titles, dtype=object), binary_data=binary)
    return tensor


def decoded(values):
    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]


def error_of(call):
    try:
        call()
        return None
    except InferenceServerException as e:
        return e.message()


def main():
    url, model, token, titles = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    auth = {"Authorization": "Bearer " + token}
    # a fresh dict per call: the client adds Inference-Header-Content-Length to the one it is given
    headers = dict(auth)
    client = httpclient.InferenceServerClient(url=url)
    seen = {
        "live": client.is_server_live(),
        "ready": client.is_server_ready(),
        "server": client.get_server_metadata(headers=headers),
        "model_ready": client.is_model_ready(model, headers=headers),
        "metadata": client.get_model_metadata(model, headers=headers),
    }
    outputs = [
        httpclient.InferRequestedOutput("label", binary_data=False),
        httpclient.InferRequestedOutput("probability", binary_data=False),
    ]
    result = client.infer(model, [texts(titles)], outputs=outputs, request_id="request-42", headers=headers)
    response = result.get_response()
    seen["id"] = response.get("id")
    seen["model_name"] = response.get("model_name")
    seen["model_version"] = response.get("model_version")
    seen["labels"] = decoded(result.as_numpy("label").tolist())
    seen["probabilities"] = [float(p) for p in result.as_numpy("probability").tolist()]
    # the client's default: the titles in the binary extension after a JSON header
    in_binary = client.infer(model, [texts(titles, binary=True)], headers=dict(auth))
    seen["labels_sent_binary"] = decoded(in_binary.as_numpy("label").tolist())
    seen["unknown_model_error"] = error_of(lambda: client.infer("no-such-model", [texts(titles)], headers=dict(auth)))
    seen["anonymous_error"] = error_of(lambda: client.infer(model, [texts(titles)]))
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
