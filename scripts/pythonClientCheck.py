"""Strict-client check with the Python MCP SDK (issue #13): connects to our /mcp, lists the tools and
calls each tool given on stdin; the SDK validates every structuredContent against the published output
schema (jsonschema) and raises on a mismatch. Prints one JSON line: {"ok": [...], "failed": {...}}.

Usage: python scripts/pythonClientCheck.py URL AUTH_TOKEN < calls.json   (calls: [[name, arguments], ...])
Needs `pip install mcp` (tested with mcp 2.3.0); the test suite skips the check when it is missing.
"""
import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main() -> None:
    url, token = sys.argv[1], sys.argv[2]
    calls = json.load(sys.stdin)
    ok, failed = [], {}
    async with create_mcp_http_client(headers={"Authorization": f"Bearer {token}"}) as http:
        async with streamable_http_client(url, http_client=http) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                await session.initialize()
                listed = await session.list_tools()
                names = [tool.name for tool in listed.tools]
                for name, arguments in calls:
                    try:
                        result = await session.call_tool(name, arguments)
                        if getattr(result, "is_error", False):
                            failed[name] = "isError result"
                        else:
                            ok.append(name)
                    except Exception as error:  # the SDK raises RuntimeError on an invalid result
                        failed[name] = str(error)[:300]
    print(json.dumps({"tools": names, "ok": ok, "failed": failed}))


asyncio.run(main())
