namespace RtesResources.Web.Features.Publishing;

public sealed record RowReport(int Number, string Key, string Action, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>
/// What an import found and did. A file of up to <see cref="CatalogueImport.ListedRowsLimit"/> rows
/// lists every row; a larger one lists only its first <see cref="CatalogueImport.ListedProblemsLimit"/>
/// refused rows, so that a report of 100,000 rows stays readable and small: the counts cover every row.
/// </summary>
public sealed record ImportReport(bool DryRun, bool Applied, IReadOnlyList<string> FileProblems, IReadOnlyList<RowReport> Rows)
{
    /// <summary>Rows read from the file (every row, listed or not).</summary>
    public int RowCount { get; init; }

    public int Failed { get; init; }

    public int ToCreate { get; init; }

    public int ToUpdate { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    /// <summary>Thématiques, collections and speakers the import creates.</summary>
    public int NewTerms { get; init; }

    /// <summary>Valid rows that leave their resource published (from the status column, or <c>--publish</c>).</summary>
    public int ToPublish { get; init; }

    /// <summary>Valid rows that schedule their resource's publication for later.</summary>
    public int ToSchedule { get; init; }

    /// <summary>True when the report lists only some rows (a large file: its first refused rows).</summary>
    public bool Abridged => Rows.Count < RowCount;

    public bool Succeeded => FileProblems.Count == 0 && Failed == 0;
}

/// <summary>How an import runs.</summary>
public sealed record ImportOptions
{
    /// <summary>Check every row and write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Rows without a status (or a file without the column) are read as "publiée" instead of leaving
    /// new resources as drafts and existing ones as they are. Rows with a status keep theirs.
    /// </summary>
    public bool PublishRowsWithoutStatus { get; init; }

    /// <summary>Told how many rows have been read so far, every <see cref="CatalogueImport.ProgressEvery"/> rows.</summary>
    public IProgress<int>? Progress { get; init; }
}
