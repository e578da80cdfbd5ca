using Microsoft.EntityFrameworkCore.Update;

namespace RtesResources.Web.Data;

/// <summary>
/// How EF Core groups the statements of a save on SQLite. Its SQLite provider sends one statement per
/// command, and each command costs EF Core far more than SQLite takes to run it; while a bulk writer
/// sets <see cref="AppDbContext.GroupStatements"/>, a command carries a few statements instead (they run
/// in order and their results are read in order, as EF Core does on SQL Server). Only a few: SQLite binds
/// every parameter of a command to each of its statements by name, a cost that grows with the square of
/// the statements per command (at 100,000 rows, 4 per command saved about a tenth of the import's time,
/// 8 and 16 nothing).
/// </summary>
public sealed class SqliteStatementGroups(ModificationCommandBatchFactoryDependencies dependencies) : IModificationCommandBatchFactory
{
    public const int StatementsPerCommand = 4;

    public ModificationCommandBatch Create() =>
        dependencies.CurrentContext.Context is AppDbContext { GroupStatements: true }
            ? new GroupedStatements(dependencies)
            : new SingularModificationCommandBatch(dependencies);

    private sealed class GroupedStatements(ModificationCommandBatchFactoryDependencies dependencies)
        : AffectedCountModificationCommandBatch(dependencies, StatementsPerCommand);
}
