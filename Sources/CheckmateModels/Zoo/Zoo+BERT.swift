extension Zoo {
    /// BERT-base (Devlin et al., "BERT: Pre-training of Deep Bidirectional
    /// Transformers for Language Understanding", NAACL 2019) for sequence
    /// classification: a Transformer encoder of 12 layers, hidden size 768, 12
    /// heads and feed-forward size 3072, with bert-base-uncased's vocabulary
    /// (30,522 tokens, 512 positions, 2 segment types).
    ///
    /// Embeddings (token, position and segment, summed, layer norm, dropout),
    /// 12 post-norm encoder layers (self-attention with dropout on the
    /// probabilities, GELU feed-forward, dropout 0.1 and residual adds), the
    /// pooler on the first token (dense and tanh) and a `classes`-way
    /// classifier. Head splits and merges are views. Parameters: 108,891,648
    /// for the encoder with embeddings, 109,482,240 with the pooler (the
    /// published bert-base-uncased), 109,483,778 with a 2-way classifier.
    public static func bert(
        batch: Int, sequenceLength: Int = 128, classes: Int = 2
    ) throws(NetworkError) -> Network {
        let hidden = 768, heads = 12, headSize = 64, intermediate = 3072
        let s = sequenceLength
        var b = NetworkBuilder(name: "bert-base", input: [batch, s], dataType: .int64, inputName: "input_ids")
        let segments = b.addInput([batch, s], dataType: .int64, name: "token_type_ids")
        let positions = b.addInput([1, s], dataType: .int64, name: "position_ids")
        var x = b.embedding(b.input, vocabulary: 30_522, dimension: hidden, name: "embeddings.word")
        x = b.add(x, b.embedding(segments, vocabulary: 2, dimension: hidden, name: "embeddings.token_type"),
                  name: "embeddings.add_token_type")
        x = b.add(x, b.embedding(positions, vocabulary: 512, dimension: hidden, name: "embeddings.position"),
                  name: "embeddings.add_position")
        x = b.dropout(b.layerNormalization(x, name: "embeddings.norm"), rate: 0.1, name: "embeddings.dropout")
        for layer in 0..<12 {
            let name = "layer\(layer)"
            func splitHeads(_ projection: String) -> LayerID {
                let y = b.dense(x, units: hidden, name: "\(name).attention.\(projection)")
                return b.transpose(b.reshape(y, to: [batch, s, heads, headSize], name: "\(name).attention.\(projection)_split"),
                                   [0, 2, 1, 3], name: "\(name).attention.\(projection)_heads")
            }
            let query = splitHeads("query"), key = splitHeads("key"), value = splitHeads("value")
            var scores = b.matrixMultiplication(query, key, transposeB: true, name: "\(name).attention.scores")
            scores = b.add(.binary(.multiply), [scores], name: "\(name).attention.scale")
            var probabilities = b.softmax(scores, name: "\(name).attention.softmax")
            probabilities = b.dropout(probabilities, rate: 0.1, name: "\(name).attention.dropout")
            var context = b.matrixMultiplication(probabilities, value, name: "\(name).attention.context")
            context = b.transpose(context, [0, 2, 1, 3], name: "\(name).attention.merge_heads")
            context = b.reshape(context, to: [batch, s, hidden], name: "\(name).attention.merge")
            var y = b.dense(context, units: hidden, name: "\(name).attention.output")
            y = b.dropout(y, rate: 0.1, name: "\(name).attention.output_dropout")
            x = b.layerNormalization(b.add(y, x, name: "\(name).attention.residual"), name: "\(name).attention.norm")
            y = b.activation(.gelu, b.dense(x, units: intermediate, name: "\(name).ffn.intermediate"),
                             name: "\(name).ffn.gelu")
            y = b.dropout(b.dense(y, units: hidden, name: "\(name).ffn.output"), rate: 0.1, name: "\(name).ffn.dropout")
            x = b.layerNormalization(b.add(y, x, name: "\(name).ffn.residual"), name: "\(name).ffn.norm")
        }
        x = b.add(.slice(axes: [1], starts: [0], ends: [1]), [x], name: "pooler.first_token")
        x = b.reshape(x, to: [batch, hidden], name: "pooler.flatten")
        x = b.activation(.tanh, b.dense(x, units: hidden, name: "pooler.dense"), name: "pooler.tanh")
        x = b.dense(b.dropout(x, rate: 0.1, name: "classifier.dropout"), units: classes, name: "classifier")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }
}
