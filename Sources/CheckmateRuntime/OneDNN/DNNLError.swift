import CDNNL

/// A oneDNN call that failed: the function and the status it returned.
public struct DNNLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The C function, such as `dnnl_primitive_desc_create`.
    public var call: String
    /// The `dnnl_status_t` value.
    public var status: Int

    public var description: String {
        let meaning: String
        switch dnnl_status_t(rawValue: UInt32(status)) {
        case dnnl_out_of_memory: meaning = "out of memory"
        case dnnl_invalid_arguments: meaning = "invalid arguments"
        case dnnl_unimplemented: meaning = "no implementation for these shapes"
        default: meaning = "status \(status)"
        }
        return "oneDNN \(call) failed: \(meaning)"
    }
}

/// Throws unless `status` is `dnnl_success`.
func check(_ status: dnnl_status_t, _ call: String) throws(DNNLError) {
    guard status == dnnl_success else { throw DNNLError(call: call, status: Int(status.rawValue)) }
}
