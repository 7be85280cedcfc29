#!/usr/bin/env python3
"""Writes deep ONNX models, for measuring the tool on imports of thousands of
training nodes (the onnx wheel's models stop at 1,338).

  python3 scripts/deep-onnx.py resnet 250 rn250.onnx        # 2,510 ops, 5,020 training nodes
  python3 scripts/deep-onnx.py transformer 100 tf100.onnx   # 3,002 ops, 4,206 training nodes

`resnet N`: a stem and N bottleneck blocks (1x1, 3x3, 1x1 convolutions with
batch normalization; a strided 1x1 projection where the width doubles, at a
third and two thirds of the depth) on 32x32 inputs, then pooling and a
classifier. `transformer N`: N post-norm encoder layers (width 256, 4 heads,
sequence 128, feed-forward 1,024 with Gelu), mean pooling and a classifier.
The weights are seeded random numbers: only shapes matter to the import.
Needs the onnx package (scripts/setup.sh installs it).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 20  # Gelu is in the default domain from opset 20


class Builder:
    """Nodes and initializers of one graph, each given a fresh name."""

    def __init__(self, scale):
        self.nodes, self.initializers, self.count, self.scale = [], [], 0, scale

    def name(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def weight(self, shape):
        name = self.name("w")
        values = (np.random.randn(*shape) * self.scale).astype(np.float32)
        self.initializers.append(numpy_helper.from_array(values, name))
        return name

    def shape(self, values):
        name = self.name("s")
        self.initializers.append(numpy_helper.from_array(np.array(values, dtype=np.int64), name))
        return name

    def op(self, kind, inputs, **attributes):
        output = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [output], **attributes))
        return output

    def model(self, name, input_shape, output):
        self.nodes[-1].output[0] = output
        graph = helper.make_graph(
            self.nodes, name,
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
            [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", 10])],
            self.initializers)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def transformer(layers, width=256, heads=4, sequence=128, hidden=1024):
    b = Builder(0.02)

    def linear(x, n_in, n_out):
        return b.op("Add", [b.op("MatMul", [x, b.weight((n_in, n_out))]), b.weight((n_out,))])

    def per_head(t):
        split = b.op("Reshape", [t, b.shape([0, sequence, heads, width // heads])])
        return b.op("Transpose", [split], perm=[0, 2, 1, 3])

    def norm(x):
        return b.op("LayerNormalization", [x, b.weight((width,)), b.weight((width,))], axis=-1)

    x = "x"
    for _ in range(layers):
        q, k, v = (per_head(linear(x, width, width)) for _ in range(3))
        scores = b.op("MatMul", [q, b.op("Transpose", [k], perm=[0, 1, 3, 2])])
        attention = b.op("Softmax", [b.op("Mul", [scores, b.weight((1,))])], axis=-1)
        mixed = b.op("Transpose", [b.op("MatMul", [attention, v])], perm=[0, 2, 1, 3])
        mixed = linear(b.op("Reshape", [mixed, b.shape([0, sequence, width])]), width, width)
        x = norm(b.op("Add", [x, mixed]))
        feed = linear(b.op("Gelu", [linear(x, width, hidden)]), hidden, width)
        x = norm(b.op("Add", [x, feed]))
    pooled = b.op("ReduceMean", [x, b.shape([1])], keepdims=0)
    b.op("MatMul", [pooled, b.weight((width, 10))])
    return b.model("transformer", ["N", sequence, width], "y")


def resnet(blocks, width=64, resolution=32):
    b = Builder(0.05)

    def conv(x, n_in, n_out, kernel, stride=1):
        return b.op("Conv", [x, b.weight((n_out, n_in, kernel, kernel))],
                    kernel_shape=[kernel, kernel], pads=[kernel // 2] * 4, strides=[stride, stride])

    def bn(x, channels):
        return b.op("BatchNormalization", [x] + [b.weight((channels,)) for _ in range(4)])

    x = b.op("Relu", [bn(conv("x", 3, width, 3), width)])
    channels = width
    for block in range(blocks):
        stride = 2 if block in (blocks // 3, 2 * blocks // 3) else 1
        out = channels * 2 if stride == 2 else channels
        y = b.op("Relu", [bn(conv(x, channels, channels // 2, 1), channels // 2)])
        y = b.op("Relu", [bn(conv(y, channels // 2, channels // 2, 3, stride), channels // 2)])
        y = bn(conv(y, channels // 2, out, 1), out)
        shortcut = bn(conv(x, channels, out, 1, stride), out) if stride == 2 else x
        x = b.op("Relu", [b.op("Add", [y, shortcut])])
        channels = out
    pooled = b.op("Flatten", [b.op("GlobalAveragePool", [x])])
    b.op("Gemm", [pooled, b.weight((10, channels))], transB=1)
    return b.model("resnet", ["N", 3, resolution, resolution], "y")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("resnet", "transformer") or not sys.argv[2].isdigit():
        sys.exit("usage: deep-onnx.py resnet|transformer DEPTH OUTPUT.onnx")
    np.random.seed(0)
    depth = int(sys.argv[2])
    model = resnet(depth) if sys.argv[1] == "resnet" else transformer(depth)
    onnx.checker.check_model(model)
    onnx.save(model, sys.argv[3])
    print(f"wrote {sys.argv[3]}: {len(model.graph.node)} operators")


if __name__ == "__main__":
    main()
