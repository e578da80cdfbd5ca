using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Features.Search;

namespace RtesResources.Web.Operations;

/// <summary>
/// Operations run by the site's own executable: "dotnet run --project src/RtesResources.Web -- migrate".
/// Arguments that start with "-" (such as --urls) belong to the web host, not to a command.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: RtesResources.Web [command]

        Without a command, the web site starts.

        Commands:
          migrate     Apply the database migrations of the configured provider, then exit.
          demo-data   Apply migrations, then add the demo data set (the RTES seed content) where missing.
                      Running it again changes nothing.
          help        Show this text.

          collectivities add --name NAME --kind KIND [--member-until YYYY-MM-DD [--member-from YYYY-MM-DD]] [--siren 123456789]
                      KIND: commune, intercommunalite, metropole, departement, region, autre.
                      A member from --member-from (default today) to --member-until; a period wholly
                      in the past is kept as history and gives no access.
          collectivities renew --name NAME --until YYYY-MM-DD
          collectivities add-period --name NAME --from YYYY-MM-DD --until YYYY-MM-DD
                      Records a membership period with both its days, e.g. a past one (history).
          collectivities deactivate --name NAME

          users add --email EMAIL --role Member|Editor|Admin [--collectivity NAME] [--name "FULL NAME"]
                      Creates the account and e-mails a single-use activation link (valid 72 h);
                      in Development the link is also printed.
          users resend-invitation --email EMAIL
          users set-password --email EMAIL --password-stdin
                      Reads the password from the first line of standard input.
          users deactivate --email EMAIL

          import FILE [--dry-run] [--publish]
                      Imports resources from a CSV or JSON Lines file of any size (docs/import.md): every
                      row is checked first; with --dry-run nothing is written; otherwise all rows are saved
                      in one transaction, or none. Exits non-zero when any row is refused.
                      New resources are drafts unless a row's status column says otherwise; with
                      --publish, rows without a status are published (rows with one keep theirs).
          export FILE Writes the catalogue (outside the bin) as CSV or JSON Lines, by the file's extension.
          rerender [--batch-size N]
                      Renders every resource's Markdown again (HTML, excerpt, search text) after a change
                      to the Markdown pipeline, N resources at a time (default 500). Records no version
                      and leaves the resources' concurrency versions alone; the search index follows.
          reindex     Rebuilds the search index (Search:IndexPath) from the database. If the site is
                      running and holds the index, asks every running instance to rebuild its own.

          access-requests list
          access-requests approve ID [--collectivity NAME] [--message TEXT]
          access-requests reject ID [--message TEXT]
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        switch (args[0])
        {
            case "collectivities" or "users" or "access-requests" when args.Length >= 2:
                await using (var scope = services.CreateAsyncScope())
                {
                    var members = scope.ServiceProvider.GetRequiredService<MembersService>();
                    var showLinks = scope.ServiceProvider.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
                    return await RunMembersCommandAsync(members, args, output, error, input ?? Console.In, showLinks);
                }

            case "migrate" when args.Length == 1:
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    await db.Database.MigrateAsync();
                    await output.WriteLineAsync("Database is up to date.");
                }

                return 0;
            case "demo-data" when args.Length == 1:
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    await db.Database.MigrateAsync();
                    var added = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
                    await output.WriteLineAsync($"Demo data: {added} resource(s) added.");
                }

                return 0;
            case "rerender" when args.Length == 1 || (args.Length == 3 && args[1] == "--batch-size"):
            {
                var batchSize = Features.Content.ContentRerenderer.DefaultBatchSize;
                if (args.Length == 3 && (!int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > 10_000))
                {
                    return await UsageErrorAsync(error, $"--batch-size takes a number from 1 to 10000, not '{args[2]}'.");
                }

                await using var scope = services.CreateAsyncScope();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var progress = new ImmediateProgress<Features.Content.RerenderReport>(p => output.WriteLine($"{p.Read} resource(s) read, {p.Changed} re-rendered..."));
                var report = await scope.ServiceProvider.GetRequiredService<Features.Content.ContentRerenderer>().RerenderAsync(batchSize, progress);
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"Re-rendered: {report.Changed} of {report.Read} resource(s) changed, {report.SkippedAsEditedMeanwhile} skipped (saved meanwhile), in {watch.Elapsed.TotalSeconds:F1} s."));
                return 0;
            }

            case "reindex" when args.Length == 1:
                return await ReindexAsync(services, output);
            case "import" when args.Length is >= 2 and <= 4 && !args[1].StartsWith('-')
                                && args.Skip(2).All(a => a is "--dry-run" or "--publish") && args.Skip(2).Distinct().Count() == args.Length - 2:
                return await ImportAsync(services, args[1], new ImportOptions { DryRun = args.Contains("--dry-run"), PublishRowsWithoutStatus = args.Contains("--publish") }, output, error);
            case "export" when args.Length == 2:
                await using (var scope = services.CreateAsyncScope())
                {
                    var format = CatalogueTransfer.FormatOf(args[1]);
                    if (format is null)
                    {
                        return await UsageErrorAsync(error, "The export file must end in .csv or .jsonl.");
                    }

                    await File.WriteAllBytesAsync(args[1], await scope.ServiceProvider.GetRequiredService<CatalogueTransfer>().ExportAsync(format.Value));
                    await output.WriteLineAsync($"Catalogue written to {args[1]}.");
                    return 0;
                }

            case "help" or "--help" when args.Length == 1:
                await output.WriteLineAsync(Usage);
                return 0;
            default:
                return await UsageErrorAsync(error, $"Unknown command or arguments: {string.Join(' ', args)}");
        }
    }

    private static async Task<int> RunMembersCommandAsync(MembersService members, string[] args, TextWriter output, TextWriter error, TextReader input, bool showLinks)
    {
        var command = $"{args[0]} {args[1]}";
        var positional = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        var options = ParseOptions(args.Skip(positional is null ? 2 : 3).ToArray(), out var optionError);
        if (optionError is not null)
        {
            return await UsageErrorAsync(error, optionError);
        }

        string? Option(string name) => options.GetValueOrDefault(name);
        var allowed = command switch
        {
            "collectivities add" => new[] { "name", "kind", "member-until", "member-from", "siren" },
            "collectivities renew" => ["name", "until"],
            "collectivities add-period" => ["name", "from", "until"],
            "collectivities deactivate" => ["name"],
            "users add" => ["email", "role", "collectivity", "name"],
            "users resend-invitation" => ["email"],
            "users set-password" => ["email", "password-stdin"],
            "users deactivate" => ["email"],
            "access-requests list" => [],
            "access-requests approve" => ["collectivity", "message"],
            "access-requests reject" => ["message"],
            _ => null,
        };
        if (allowed is null)
        {
            return await UsageErrorAsync(error, $"Unknown command: {command}");
        }

        var unknown = options.Keys.Except(allowed).ToList();
        if (unknown.Count > 0)
        {
            return await UsageErrorAsync(error, $"Unknown option(s) for '{command}': --{string.Join(", --", unknown)}");
        }

        var needsId = command is "access-requests approve" or "access-requests reject";
        if (needsId != (positional is not null))
        {
            return await UsageErrorAsync(error, needsId ? $"'{command}' needs the request's number." : $"'{command}' takes no positional argument.");
        }

        switch (command)
        {
            case "collectivities add":
            {
                if (Require(options, error, "name", "kind") is { } missing)
                {
                    return missing;
                }

                if (!TryParseKind(Option("kind")!, out var kind))
                {
                    return await UsageErrorAsync(error, $"Unknown kind '{Option("kind")}'.");
                }

                DateOnly? until = null;
                if (Option("member-until") is { } text)
                {
                    if (!TryParseDate(text, out var date))
                    {
                        return await UsageErrorAsync(error, $"--member-until takes a date as YYYY-MM-DD, not '{text}'.");
                    }

                    until = date;
                }

                DateOnly? from = null;
                if (Option("member-from") is { } fromText)
                {
                    if (!TryParseDate(fromText, out var date))
                    {
                        return await UsageErrorAsync(error, $"--member-from takes a date as YYYY-MM-DD, not '{fromText}'.");
                    }

                    if (until is null)
                    {
                        return await UsageErrorAsync(error, "--member-from needs --member-until.");
                    }

                    from = date;
                }

                return await ReportAsync(await members.AddCollectivityAsync(Option("name")!, kind, until, Option("siren"), from), output, error);
            }

            case "collectivities add-period":
            {
                if (Require(options, error, "name", "from", "until") is { } missing)
                {
                    return missing;
                }

                if (!TryParseDate(Option("from")!, out var from) || !TryParseDate(Option("until")!, out var until))
                {
                    return await UsageErrorAsync(error, $"--from and --until take dates as YYYY-MM-DD, not '{Option("from")}' and '{Option("until")}'.");
                }

                if (await members.CollectivityIdAsync(Option("name")!) is not int id)
                {
                    await error.WriteLineAsync($"Aucune collectivité ne s'appelle « {Option("name")} ».");
                    return 1;
                }

                return await ReportAsync(await members.AddPeriodAsync(id, from, until), output, error);
            }

            case "collectivities renew":
            {
                if (Require(options, error, "name", "until") is { } missing)
                {
                    return missing;
                }

                if (!TryParseDate(Option("until")!, out var until))
                {
                    return await UsageErrorAsync(error, $"--until takes a date as YYYY-MM-DD, not '{Option("until")}'.");
                }

                return await ReportAsync(await members.RenewAsync(Option("name")!, until), output, error);
            }

            case "collectivities deactivate":
                return Require(options, error, "name") ?? await ReportAsync(await members.DeactivateCollectivityAsync(Option("name")!), output, error);

            case "users add":
            {
                if (Require(options, error, "email", "role") is { } missing)
                {
                    return missing;
                }

                var role = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Option("role")!.ToLowerInvariant());
                var result = await members.InviteAsync(Option("email")!, role, Option("collectivity"), Option("name"), null);
                return await ReportInvitationAsync(result, output, error, showLinks);
            }

            case "users resend-invitation":
                return Require(options, error, "email") ?? await ReportInvitationAsync(await members.ResendInvitationAsync(Option("email")!, null), output, error, showLinks);

            case "users set-password":
            {
                if (Require(options, error, "email") is { } missing)
                {
                    return missing;
                }

                if (!options.ContainsKey("password-stdin"))
                {
                    return await UsageErrorAsync(error, "Passwords are never taken from the command line: use --password-stdin and type it on standard input.");
                }

                var password = await input.ReadLineAsync();
                if (string.IsNullOrEmpty(password))
                {
                    await error.WriteLineAsync("No password was read from standard input.");
                    return 1;
                }

                return await ReportAsync(await members.SetPasswordAsync(Option("email")!, password), output, error);
            }

            case "users deactivate":
                return Require(options, error, "email") ?? await ReportAsync(await members.DeactivateUserAsync(Option("email")!), output, error);

            case "access-requests list":
            {
                var pending = await members.PendingAccessRequestsAsync();
                if (pending.Count == 0)
                {
                    await output.WriteLineAsync("No pending access request.");
                }

                foreach (var request in pending)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{request.Id}\t{request.CreatedAt:yyyy-MM-dd HH:mm}\t{request.FullName}\t{request.Email}\t{request.CollectivityName}\t{request.JobTitle}"));
                }

                return 0;
            }

            case "access-requests approve":
            {
                if (!int.TryParse(positional, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return await UsageErrorAsync(error, $"'{positional}' is not a request number.");
                }

                return await ReportInvitationAsync(await members.ApproveAccessRequestAsync(id, Option("collectivity"), Option("message"), null), output, error, showLinks);
            }

            default:
            {
                if (!int.TryParse(positional, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return await UsageErrorAsync(error, $"'{positional}' is not a request number.");
                }

                return await ReportAsync(await members.RejectAccessRequestAsync(id, Option("message")), output, error);
            }
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string path, ImportOptions options, TextWriter output, TextWriter error)
    {
        var format = CatalogueTransfer.FormatOf(path);
        if (format is null)
        {
            return await UsageErrorAsync(error, "The import file must end in .csv or .jsonl.");
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"No file at {path}.");
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        await using var stream = File.OpenRead(path);
        var operator_ = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, "import (ligne de commande)")], "cli"));
        var report = await scope.ServiceProvider.GetRequiredService<CatalogueTransfer>().ImportAsync(stream, format.Value, options, operator_);
        foreach (var problem in report.FileProblems)
        {
            await error.WriteLineAsync(problem);
        }

        foreach (var row in report.Rows)
        {
            var line = $"ligne {row.Number} ({row.Key}) : {row.Action}{(row.Notes.Count > 0 ? " ; " + string.Join(" ; ", row.Notes) : "")}{(row.Problems.Count > 0 ? " ; " + string.Join(" ; ", row.Problems) : "")}";
            await (row.Problems.Count > 0 ? error : output).WriteLineAsync(line);
        }

        if (report.Abridged && report.Failed > 0)
        {
            await output.WriteLineAsync($"Large file: only the first {report.Rows.Count} refused row(s) are listed above.");
        }

        await output.WriteLineAsync(report.DryRun
            ? $"Dry run: {report.RowCount} row(s) read, {report.Failed} refused, {report.ToCreate} to create, {report.ToUpdate} to update, {report.NewTerms} new term(s), {report.ToPublish} to publish, {report.ToSchedule} to schedule; nothing was written."
            : report.Applied ? $"Imported: {report.RowCount} row(s): {report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged, {report.NewTerms} new term(s); {report.ToPublish} published, {report.ToSchedule} scheduled."
            : $"Nothing imported: {report.RowCount} row(s) read, {report.Failed} refused, {report.FileProblems.Count} problem(s) with the file.");
        return report.Succeeded ? 0 : 1;
    }

    private static Dictionary<string, string> ParseOptions(string[] args, out string? problem)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length < 3)
            {
                problem = $"Unexpected argument '{args[i]}'.";
                return options;
            }

            var name = args[i][2..];
            if (options.ContainsKey(name))
            {
                problem = $"--{name} is given twice.";
                return options;
            }

            // --password-stdin is a flag; every other option takes a value.
            if (name == "password-stdin")
            {
                options[name] = "";
                continue;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"--{name} needs a value.";
                return options;
            }

            options[name] = args[++i];
        }

        return options;
    }

    private static int? Require(Dictionary<string, string> options, TextWriter error, params string[] names)
    {
        var missing = names.Where(n => !options.TryGetValue(n, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        error.WriteLine($"Missing option(s): --{string.Join(", --", missing)}");
        error.WriteLine(Usage);
        return 2;
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryParseKind(string text, out CollectivityKind kind) =>
        Enum.TryParse(Features.Content.SearchText.Normalize(text).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out kind)
        && Enum.IsDefined(kind);

    private static async Task<int> ReportAsync(OperationResult result, TextWriter output, TextWriter error)
    {
        await (result.Succeeded ? output : error).WriteLineAsync(result.Message);
        return result.Succeeded ? 0 : 1;
    }

    private static async Task<int> ReportInvitationAsync(InvitationResult result, TextWriter output, TextWriter error, bool showLink)
    {
        await (result.Succeeded ? output : error).WriteLineAsync(result.Message);
        if (result.Succeeded && showLink && result.Link is not null)
        {
            await output.WriteLineAsync($"Activation link (Development only): {result.Link}");
        }

        return result.Succeeded ? 0 : 1;
    }

    private static async Task<int> ReindexAsync(IServiceProvider services, TextWriter output)
    {
        var index = services.GetRequiredService<SearchIndex>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var count = await index.OpenAsync(CancellationToken.None, rebuild: true);
            await output.WriteLineAsync(FormattableString.Invariant($"Search index rebuilt: {count} resources in {watch.Elapsed.TotalSeconds:F1} s ({index.IndexPath})."));
        }
        catch (Lucene.Net.Store.LockObtainFailedException)
        {
            // A running site holds the index: the change table reaches it, and every other instance.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.SearchIndexChanges.Add(new Domain.SearchIndexChange { Scope = SearchChangeScopes.All, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await output.WriteLineAsync($"The running site holds the index at {index.IndexPath}: every running instance will rebuild its index within seconds.");
        }

        return 0;
    }

    private static async Task<int> UsageErrorAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync(message);
        await error.WriteLineAsync(Usage);
        return 2;
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
