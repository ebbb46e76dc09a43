package dev.gatehouse.manifest;

/** The file format of a model, which decides the backend that runs it. */
public enum ModelFormat {
    GGUF,
    ONNX
}
