/// Every tool the server offers, in the order `tools/list` shows them. A new tool is a file in
/// this folder and one line here.
public enum ToolRegistry {
    public static let all: [any MCPTool] = [
        CheckContractTool(),
        GenerateTool(),
        IntrospectTool(),
        ApplyViewsTool(),
        PreflightTool(),
        PlanTool(),
        DeployTool(),
        StatusTool(),
        ValidateTool(),
        ReportTool(),
        CleanupTool(),
    ]

    public static func tool(named name: String) -> (any MCPTool)? { all.first { $0.name == name } }
}
