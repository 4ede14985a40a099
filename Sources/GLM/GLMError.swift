/// Errors of the GLM stage. Each names the file (and row, for events) and says what is wrong
/// in words a user can act on.
public enum GLMError: Error, Equatable, CustomStringConvertible {
    /// A problem in one row of an events file (1-based data row, header not counted).
    case badEvent(path: String, row: Int, detail: String)
    /// A problem with one input file as a whole.
    case badInput(path: String, detail: String)
    /// A parameter outside its allowed values.
    case invalidParameter(String)
    /// A contrast that cannot be read or refers to unknown design columns.
    case badContrast(String)

    public var description: String {
        switch self {
        case .badEvent(let p, let r, let d): return "\(p): row \(r): \(d)"
        case .badInput(let p, let d): return "\(p): \(d)"
        case .invalidParameter(let s): return s
        case .badContrast(let s): return s
        }
    }
}
