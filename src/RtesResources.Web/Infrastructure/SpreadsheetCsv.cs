using System.Globalization;
using CsvHelper;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// CSV files meant to be opened in a spreadsheet (the members and catalogue exports): semicolons, a
/// UTF-8 byte order mark for Excel, and no cell that would run as a formula. A text cell starting
/// with =, +, -, @, a tab or a carriage return gets an apostrophe in front (CSV injection, as OWASP
/// recommends), which spreadsheets read as "this cell is text". A cell that already starts with an
/// apostrophe gets one more, so that <see cref="ReadCell"/> gives back exactly what was written:
/// export then import changes nothing.
/// </summary>
public static class SpreadsheetCsv
{
    public const char Escape = '\'';

    /// <summary>CsvHelper's default injection characters, as OWASP lists them.</summary>
    private const string FormulaStarts = "=+-@\t\r";

    public static CsvWriterOptions WriterOptions() => new()
    {
        Separator = ';',
        WriteByteOrderMark = true,
        // The writer's defaults: an apostrophe in front of = @ + -, tab and CR (FormulaStarts).
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A text cell as it must be handed to the writer of <see cref="WriterOptions"/>.</summary>
    public static string? Cell(string? text) => text is [Escape, ..] ? Escape + text : text;

    /// <summary>A cell read from a file: the escape in front of a possible formula (or of an apostrophe) is taken off.</summary>
    public static string ReadCell(string cell) =>
        cell.Length > 1 && cell[0] == Escape && (cell[1] == Escape || FormulaStarts.Contains(cell[1], StringComparison.Ordinal)) ? cell[1..] : cell;
}
