import Testing
@testable import CheckmateModels

@Suite struct NetworkBuilderTests {
    @Test func convolutionAndPoolingShapes() throws {
        var b = NetworkBuilder(name: "shapes", input: [2, 3, 224, 224])
        let c = b.convolution(b.input, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false)
        #expect(b.shape(of: c) == [2, 64, 112, 112])
        #expect(b.layers[c.index].parameterCount == 64 * 3 * 49)
        let p = b.maxPooling(c, kernel: 3, stride: 2, padding: 1)
        #expect(b.shape(of: p) == [2, 64, 56, 56])
        let d = b.depthwiseConvolution(p, kernel: 3, stride: 2, padding: 1, bias: false)
        #expect(b.shape(of: d) == [2, 64, 28, 28])
        #expect(b.layers[d.index].parameterCount == 64 * 9)
        let t = b.transposedConvolution(d, filters: 32, kernel: 2, stride: 2)
        #expect(b.shape(of: t) == [2, 32, 56, 56])
        #expect(b.layers[t.index].parameterCount == 64 * 32 * 4 + 32)
        let ceil = b.add(.pooling(.init(.max, kernel: 2, ceilMode: true)), [b.convolution(b.input, filters: 1, kernel: 1, stride: 3)])
        #expect(b.shape(of: ceil) == [2, 1, 38, 38])   // 75 / 2 rounded up
        let pooled = b.globalAveragePooling(t)
        #expect(b.shape(of: pooled) == [2, 32, 1, 1])
        let flat = b.flatten(t)
        #expect(b.shape(of: flat) == [2, 32 * 56 * 56])
        let upsampled = b.upsampling(t, scale: 2)
        #expect(b.shape(of: upsampled) == [2, 32, 112, 112])
    }

    @Test func sequenceShapes() throws {
        var b = NetworkBuilder(name: "attention", input: [4, 16], dataType: .int64)
        let e = b.embedding(b.input, vocabulary: 100, dimension: 32)
        #expect(b.shape(of: e) == [4, 16, 32])
        let q = b.transpose(b.reshape(e, to: [4, 16, 2, -1]), [0, 2, 1, 3])
        #expect(b.shape(of: q) == [4, 2, 16, 16])
        let scores = b.matrixMultiplication(q, q, transposeB: true)
        #expect(b.shape(of: scores) == [4, 2, 16, 16])
        let broadcast = b.add(.binary(.add), [scores, b.addInput([1, 1, 1, 16], name: "mask")])
        #expect(b.shape(of: broadcast) == [4, 2, 16, 16])
        let n = b.layerNormalization(e)
        #expect(b.layers[n.index].parameterCount == 64)
        let mean = b.add(.reduceMean(axes: [1], keepDimensions: false), [e])
        #expect(b.shape(of: mean) == [4, 32])
        let first = b.add(.slice(axes: [1], starts: [0], ends: [1]), [e])
        #expect(b.shape(of: first) == [4, 1, 32])
        let squeezed = b.add(.view(.squeeze([1])), [first])
        #expect(b.shape(of: squeezed) == [4, 32])
        let unsqueezed = b.add(.view(.unsqueeze([0, -1])), [mean])
        #expect(b.shape(of: unsqueezed) == [1, 4, 32, 1])
        let padded = b.add(.pad(before: [0, 1, 0], after: [0, 2, 0]), [e])
        #expect(b.shape(of: padded) == [4, 19, 32])
    }

    @Test func suppliedShapesAndParameterCountsAreKept() throws {
        var b = NetworkBuilder(name: "imported", input: [1, 8])
        let g = b.add(.copy("Gather"), [b.input], name: "gather", shape: [1, 3], parameterCount: 5)
        #expect(b.shape(of: g) == [1, 3])
        #expect(try b.build().parameterCount == 5)
    }

    @Test func theFirstProblemIsReportedByBuild() {
        var b = NetworkBuilder(name: "broken", input: [1, 3, 8, 8])
        let c = b.convolution(b.input, filters: 4, kernel: 3, name: "small")
        let bad = b.concatenation([b.input, c], name: "mismatch")
        _ = b.relu(bad, name: "after")
        #expect(throws: NetworkError.invalidLayer("mismatch", reason: "cannot concatenate 1x3x8x8 and 1x4x6x6 along axis 1")) {
            try b.build()
        }
    }

    @Test func badAttributesAndInputsAreErrorsNotTraps() {
        var b = NetworkBuilder(name: "bad", input: [1, 3, 4, 4])
        _ = b.convolution(b.input, filters: 4, kernel: 9, name: "too-big")
        #expect(throws: NetworkError.self) { try b.build() }
        var grouped = NetworkBuilder(name: "bad-groups", input: [1, 3, 4, 4])
        _ = grouped.convolution(grouped.input, filters: 4, kernel: 1, groups: 2)
        #expect(throws: NetworkError.self) { try grouped.build() }
        var missing = NetworkBuilder(name: "missing", input: [1, 3])
        _ = missing.add(.activation(.relu), [LayerID(7)], name: "dangling")
        #expect(throws: NetworkError.invalidLayer("dangling", reason: "input 7 is not an earlier layer")) { try missing.build() }
        var arity = NetworkBuilder(name: "arity", input: [1, 3])
        _ = arity.add(.matrixMultiplication(transposeA: false, transposeB: false), [arity.input], name: "mm")
        #expect(throws: NetworkError.self) { try arity.build() }
        var copy = NetworkBuilder(name: "copy", input: [1, 3])
        _ = copy.add(.copy("Tile"), [copy.input], name: "tile")
        #expect(throws: NetworkError.invalidLayer("tile", reason: "the output shape of copy-tile must be given")) { try copy.build() }
    }

    @Test func networksRejectDuplicateNamesAndForwardReferences() {
        let input = Layer(name: "x", operation: .input(nil), inputs: [], shape: [1, 2])
        #expect(throws: NetworkError.duplicateName("x")) { try Network(name: "n", layers: [input, input]) }
        let forward = Layer(name: "y", operation: .activation(.relu), inputs: [1], shape: [1, 2])
        #expect(throws: NetworkError.self) { try Network(name: "n", layers: [input, forward]) }
        #expect(throws: NetworkError.empty) { try Network(name: "n", layers: []) }
    }

    @Test func automaticNamesAreUnique() throws {
        var b = NetworkBuilder(name: "names", input: [1, 4])
        let r1 = b.relu(b.input)
        let r2 = b.relu(r1)
        let network = try b.build()
        #expect(network.layers[r1.index].name == "relu1")
        #expect(network.layers[r2.index].name == "relu2")
    }
}
