import COpenBLAS

/// A row-major matrix of floats in memory, possibly read transposed, for OpenBLAS products.
struct Matrix {
    let base: UnsafePointer<Float>
    /// Rows and columns as stored.
    let rows: Int
    let columns: Int
    /// Whether products read the matrix transposed.
    private(set) var isTransposed = false

    init(_ base: UnsafeRawPointer, rows: Int, columns: Int) {
        self.base = base.assumingMemoryBound(to: Float.self)
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
    static func multiply(_ a: Matrix, by b: Matrix, into output: UnsafeMutableRawPointer) {
        let (m, k) = a.shape
        let n = b.shape.columns
        assert(b.shape.rows == k)
        cblas_sgemm(
            CblasRowMajor, a.isTransposed ? CblasTrans : CblasNoTrans, b.isTransposed ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), 1, a.base, blasint(a.columns), b.base, blasint(b.columns),
            0, output.assumingMemoryBound(to: Float.self), blasint(n))
    }
}
