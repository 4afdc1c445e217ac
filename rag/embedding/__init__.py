"""Text → vectors: the Embedder protocol and its question cache, the torch and ONNX backends, the packaged model."""
