# The few parts of xllamacpp 2026.10.11549 that rag/llm_server.py uses (the wheel ships no stubs).
# Read from the installed extension: attribute types as its own docstrings state them.

class CommonParamsModel:
    path: str

class CpuParams:
    n_threads: int

class CommonParams:
    model: CommonParamsModel
    model_alias: set[str]
    hostnames: list[str]
    port: int
    n_ctx: int
    n_parallel: int
    cpuparams: CpuParams
    cpuparams_batch: CpuParams
    def __init__(self) -> None: ...

class Server:
    def __init__(self, params: CommonParams) -> None: ...
    @property
    def listening_address(self) -> str: ...
