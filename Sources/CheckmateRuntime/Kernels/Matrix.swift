import COpenBLAS

/// A row-major matrix of floats in a buffer, possibly read transposed, for
/// the dense kernels.
struct Matrix {
    let base: UnsafePointer<Float>
    /// Rows and columns as stored.
    let rows: Int
    let columns: Int
    /// Whether products read the matrix transposed.
    private(set) var isTransposed = false

    init(_ buffer: UnsafeBufferPointer<Float>, rows: Int, columns: Int) {
        assert(buffer.count == rows * columns)
        self.base = buffer.baseAddress!
        self.rows = rows
        self.columns = columns
    }

    /// The same storage, read transposed.
    func transposed() -> Matrix {
        var matrix = self
        matrix.isTransposed.toggle()
        return matrix
    }

    /// Rows and columns as products read them.
    private var shape: (rows: Int, columns: Int) { isTransposed ? (columns, rows) : (rows, columns) }

    /// Writes `a · b` into `output`, row-major: OpenBLAS's `cblas_sgemm`.
    static func multiply(_ a: Matrix, by b: Matrix, into output: UnsafeMutableBufferPointer<Float>) {
        let (m, k) = a.shape
        let n = b.shape.columns
        assert(b.shape.rows == k && output.count == m * n)
        cblas_sgemm(
            CblasRowMajor, a.isTransposed ? CblasTrans : CblasNoTrans, b.isTransposed ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), 1, a.base, blasint(a.columns), b.base, blasint(b.columns),
            0, output.baseAddress!, blasint(n))
    }
}
