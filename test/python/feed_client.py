#!/usr/bin/env python3
"""A client homefeed did not write: Debian's python3-grpcio with stubs generated from our
protos at run time. Fetches pages of a user's feed and checks a bad request is refused.

usage: feed_client.py ADDRESS USER_ID PROTO_DIR
prints one JSON object: {"pages": [[pin ids...], ...], "bad_page_size": "<status name>", ...}
"""
import json
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc


def generate_stubs(proto_dir: str, out_dir: str) -> None:
    code = protoc.main([
        "grpc_tools.protoc",
        f"-I{proto_dir}",
        f"--python_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        # The feed API and the contracts it imports.
        os.path.join(proto_dir, "homefeed/feed/v1/feed.proto"),
        os.path.join(proto_dir, "homefeed/experiments/v1/experiments.proto"),
    ])
    if code != 0:
        raise SystemExit(f"protoc failed with exit code {code}")


def main() -> None:
    address, user_id, proto_dir = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as out_dir:
        generate_stubs(proto_dir, out_dir)
        sys.path.insert(0, out_dir)
        from homefeed.feed.v1 import feed_pb2, feed_pb2_grpc  # noqa: E402  (generated above)

        with grpc.insecure_channel(address) as channel:
            stub = feed_pb2_grpc.FeedServiceStub(channel)
            pages = []
            cursor = ""
            for _ in range(3):
                response = stub.GetHomefeed(feed_pb2.GetHomefeedRequest(user_id=user_id, page_size=10, cursor=cursor), timeout=5)
                pages.append([item.pin_id for item in response.items])
                cursor = response.next_cursor
                if not cursor:
                    break
            try:
                stub.GetHomefeed(feed_pb2.GetHomefeedRequest(user_id=user_id, page_size=1000), timeout=5)
                bad = "OK"
                bad_message = ""
            except grpc.RpcError as err:
                bad = err.code().name
                bad_message = err.details()
            print(json.dumps({"pages": pages, "model_version": response.model_version, "bad_page_size": bad, "bad_page_size_message": bad_message}))


if __name__ == "__main__":
    main()
