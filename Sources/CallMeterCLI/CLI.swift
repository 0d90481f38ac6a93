/// Entry point placeholder; replaced by the command dispatcher.
public enum CLI {
    public static func run(_ arguments: [String]) -> Int32 { 0 }
}
