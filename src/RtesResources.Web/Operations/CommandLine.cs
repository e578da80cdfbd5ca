using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Operations;

/// <summary>Where a command writes and reads, and how often it reports its progress.</summary>
public sealed record CommandConsole(TextWriter Output, TextWriter Error, TextReader Input)
{
    /// <summary>At most one progress line on standard error per this interval.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Operations run by the site's own executable: "dotnet run --project src/RtesResources.Web -- migrate",
/// parsed by System.CommandLine (ADR-014). Without a command (or with the web host's own options only,
/// such as --urls) the web site starts. Exit codes: 0 done, 1 the operation failed (a refused row, an
/// unknown e-mail address...), 2 the command line is wrong, 78 the configuration is invalid.
/// </summary>
public static class CommandLine
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>EX_CONFIG of sysexits.h: the configuration is invalid (see StartupFailure).</summary>
    public const int ConfigurationError = 78;

    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?", "/h"];
    private static readonly string[] VerboseTokens = ["--verbose", "-v"];
    private static readonly CultureInfo French = new("fr-FR");

    // No response files: a value starting with "@" (a message, a name) is a value, not a file to read.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>True when the arguments name a command (or ask for help) rather than start the site.</summary>
    public static bool IsCommand(IReadOnlyList<string> args)
    {
        var first = args.SkipWhile(a => VerboseTokens.Contains(a, StringComparer.Ordinal)).FirstOrDefault();
        return first is not null && (!first.StartsWith('-') || HelpTokens.Contains(first, StringComparer.Ordinal));
    }

    /// <summary>True when the command asks for information logs (--verbose anywhere before "--").</summary>
    public static bool IsVerbose(IReadOnlyList<string> args) =>
        args.TakeWhile(a => a != "--").Any(a => VerboseTokens.Contains(a, StringComparer.Ordinal));

    /// <summary>Runs a command against services already started (tests, or a host the caller owns).</summary>
    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, TextReader? input = null) =>
        RunAsync(() => Task.FromResult(services), args, new CommandConsole(output, error, input ?? Console.In));

    /// <summary>
    /// Parses the command line first: help and usage errors need neither the configuration nor the
    /// database. The services are asked for only when a command runs.
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(Func<Task<IServiceProvider>> services, IReadOnlyList<string> args, CommandConsole console, CancellationToken cancellationToken = default)
    {
        var culture = CultureInfo.CurrentUICulture;
        // System.CommandLine's own messages and help headings, in French.
        CultureInfo.CurrentUICulture = French;
        try
        {
            var session = new Session(services, console);
            var root = BuildCommands(session);
            var parsed = root.Parse(args, Parsing);
            if (parsed.Action is not HelpAction && parsed.Errors.Count > 0)
            {
                await WriteUsageErrorAsync(parsed, console.Error);
                return UsageError;
            }

            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>The command tree, with a French description for every command, option and argument.</summary>
    internal static RootCommand BuildCommands(Session session)
    {
        var root = new RootCommand("Centre de ressources du RTES. Sans commande, le site web démarre ; avec une commande, elle s'exécute puis le programme s'arrête.");
        root.Options.Add(new Option<bool>(VerboseTokens[0], VerboseTokens[1])
        {
            Description = "Affiche aussi les journaux d'information, dont chaque requête SQL (par défaut : avertissements et erreurs seulement).",
            Recursive = true,
        });

        foreach (var option in root.Options.OfType<HelpOption>())
        {
            option.Description = "Affiche l'aide et l'utilisation de la commande.";
        }

        var help = new Command("help", "Affiche cette aide.");
        help.SetAction(parsed => WriteHelp(root, parsed.InvocationConfiguration.Output));
        root.Subcommands.Add(help);

        root.Subcommands.Add(Migrate(session));
        root.Subcommands.Add(DemoData(session));
        root.Subcommands.Add(Import(session));
        root.Subcommands.Add(Export(session));
        root.Subcommands.Add(Rerender(session));
        root.Subcommands.Add(Reindex(session));
        root.Subcommands.Add(Purge(session));
        root.Subcommands.Add(Backup(session));
        root.Subcommands.Add(Restore(session));
        root.Subcommands.Add(Collectivities(session));
        root.Subcommands.Add(Users(session));
        root.Subcommands.Add(AccessRequests(session));
        RequireOptions(root);
        return root;
    }

    private static Command Migrate(Session session)
    {
        var script = new Option<bool>("--script")
        {
            Description = "N'applique rien : écrit sur la sortie standard le SQL des migrations que la base n'a pas encore, à relire ou à faire passer par un administrateur de bases de données.",
        };
        var idempotent = new Option<bool>("--idempotent")
        {
            Description = "Avec --script : écrit le script de toutes les migrations, chacune gardée par un test de la table __EFMigrationsHistory, qui convient à une base de n'importe quelle version (SQL Server seulement ; ne lit pas la base).",
        };
        var command = new Command("migrate", "Applique les migrations de la base de données du fournisseur configuré en écrivant chacune, puis s'arrête. Avec --script, écrit leur SQL au lieu de les appliquer.")
        {
            script, idempotent,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(idempotent) && !parsed.GetValue(script))
            {
                return await session.UsageErrorAsync(command, "--idempotent s'utilise avec --script.");
            }

            await using var scope = await session.ScopeAsync();
            var database = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database;
            if (parsed.GetValue(script))
            {
                return await WriteMigrationScriptAsync(session, database, parsed.GetValue(idempotent), cancellationToken);
            }

            var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await database.MigrateAsync(cancellationToken);
            foreach (var migration in pending)
            {
                await session.Output.WriteLineAsync($"Migration appliquée : {migration}");
            }

            await session.Output.WriteLineAsync("La base de données est à jour.");
            return Succeeded;
        });
        return command;
    }

    /// <summary>
    /// The SQL of the migrations the database lacks (from its last applied one to this build's last), or
    /// the idempotent script of them all, which needs no connection. Standard output carries the SQL alone.
    /// </summary>
    private static async Task<int> WriteMigrationScriptAsync(Session session, DatabaseFacade database, bool idempotent, CancellationToken cancellationToken)
    {
        var migrator = database.GetService<IMigrator>();
        if (idempotent)
        {
            if (database.IsSqlite())
            {
                // EF Core cannot guard SQLite statements: it has no IF in scripts.
                await session.Error.WriteLineAsync("--idempotent n'existe que pour SQL Server (Database:Provider=SqlServer) : sur SQLite, utilisez migrate --script, qui lit la base pour n'écrire que les migrations qui lui manquent.");
                return Failed;
            }

            await session.Output.WriteAsync(migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
            return Succeeded;
        }

        var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            await session.Output.WriteLineAsync("-- La base de données est à jour : aucune migration à appliquer.");
            return Succeeded;
        }

        var applied = (await database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
        await session.Output.WriteAsync(migrator.GenerateScript(fromMigration: applied, toMigration: pending[^1]));
        return Succeeded;
    }

    private static Command DemoData(Session session)
    {
        var command = new Command("demo-data", "Applique les migrations, puis ajoute les données de démonstration (le contenu d'exemple du RTES) qui manquent. La relancer ne change rien.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = await session.ScopeAsync();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(cancellationToken);
            var added = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
            await session.Output.WriteLineAsync($"Données de démonstration : {added} ressource(s) ajoutée(s).");
            return Succeeded;
        });
        return command;
    }

    private static Command Import(Session session)
    {
        var file = new Argument<string>("FICHIER") { Description = "Le fichier CSV (.csv) ou JSON Lines (.jsonl) à importer (docs/import.md)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Vérifie chaque ligne et n'écrit rien." };
        var publish = new Option<bool>("--publish") { Description = "Publie les lignes sans statut (sinon les nouvelles ressources sont des brouillons) ; les lignes qui ont un statut gardent le leur." };
        var command = new Command("import", "Importe des ressources d'un fichier de n'importe quelle taille : chaque ligne est d'abord vérifiée, puis toutes sont enregistrées en une transaction, ou aucune. Code de sortie 1 si une ligne est refusée.")
        {
            file, dryRun, publish,
        };
        command.SetAction((parsed, cancellationToken) => ImportAsync(session, parsed.GetRequiredValue(file), new ImportOptions { DryRun = parsed.GetValue(dryRun), PublishRowsWithoutStatus = parsed.GetValue(publish) }, cancellationToken));
        return command;
    }

    private static Command Export(Session session)
    {
        var file = new Argument<string>("FICHIER") { Description = "Le fichier à écrire : CSV (.csv) ou JSON Lines (.jsonl), selon son extension." };
        var command = new Command("export", "Écrit le catalogue (hors corbeille) dans un fichier CSV ou JSON Lines.") { file };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(file);
            if (CatalogueFile.FormatOf(path) is not { } format)
            {
                return await session.UsageErrorAsync(command, "Le fichier d'export doit finir par .csv ou .jsonl.");
            }

            await using var scope = await session.ScopeAsync();
            await File.WriteAllBytesAsync(path, await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(format, cancellationToken), cancellationToken);
            await session.Output.WriteLineAsync($"Catalogue écrit dans {path}.");
            return Succeeded;
        });
        return command;
    }

    private static Command Rerender(Session session)
    {
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Ressources rendues par lot, de 1 à 10000.",
            HelpName = "N",
            DefaultValueFactory = _ => ContentRerenderer.DefaultBatchSize,
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError($"--batch-size attend un nombre de 1 à 10000, pas « {string.Join(' ', result.Tokens.Select(t => t.Value))} ».");
            }
        });
        var command = new Command("rerender", "Refait le rendu du Markdown de chaque ressource (HTML, extrait, texte de recherche) après un changement du rendu. N'enregistre aucune version et ne touche pas aux versions de concurrence ; l'index de recherche suit.") { batchSize };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var scope = await session.ScopeAsync();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var progress = session.Progress<RerenderReport>(p => $"Nouveau rendu : {ProgressLine.Count(p.Read)} ressources lues, {ProgressLine.Count(p.Changed)} modifiées…");
            var report = await scope.ServiceProvider.GetRequiredService<ContentRerenderer>().RerenderAsync(parsed.GetValue(batchSize), progress, cancellationToken);
            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Nouveau rendu : {report.Changed} ressource(s) modifiée(s) sur {report.Read}, {report.SkippedAsEditedMeanwhile} laissée(s) (enregistrée(s) entre-temps), en {watch.Elapsed.TotalSeconds:F1} s."));
            return Succeeded;
        });
        return command;
    }

    private static Command Reindex(Session session)
    {
        var command = new Command("reindex", "Reconstruit l'index de recherche (Search:IndexPath) à partir de la base. Si le site tourne et tient l'index, demande à chaque instance en marche de reconstruire le sien.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var services = await session.ServicesAsync();
            var index = services.GetRequiredService<SearchIndex>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var progress = session.Progress<int>(count => $"Index : {ProgressLine.Count(count)} ressources indexées…");
                var count = await index.OpenAsync(cancellationToken, rebuild: true, progress);
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Index de recherche reconstruit : {count} ressources en {watch.Elapsed.TotalSeconds:F1} s ({index.IndexPath})."));
            }
            catch (Lucene.Net.Store.LockObtainFailedException)
            {
                // A running site holds the index: the change table reaches it, and every other instance.
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.SearchIndexChanges.Add(new SearchIndexChange { Scope = SearchChangeScopes.All, CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(cancellationToken);
                await session.Output.WriteLineAsync($"Le site en marche tient l'index de {index.IndexPath} : chaque instance en marche reconstruira son index d'ici quelques secondes.");
            }

            return Succeeded;
        });
        return command;
    }

    private static Command Purge(Session session)
    {
        var command = new Command("purge", "Supprime ce que les règles de conservation permettent : téléchargements privés par collectivité et recherches sans résultat de plus d'un an, e-mails envoyés ou abandonnés après leur délai, lignes de changements de l'index déjà appliquées. Les tâches de fond du site font de même régulièrement.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var services = await session.ServicesAsync();
            var statistics = await services.GetRequiredService<Features.Statistics.UsageWriter>().PurgeAsync(cancellationToken);
            var emails = await services.GetRequiredService<Features.Email.OutboxMessages>().PurgeAsync(cancellationToken);
            var changes = await services.GetRequiredService<SearchIndex>().PruneChangesAsync(cancellationToken);
            await session.Output.WriteLineAsync($"Purge : {statistics} ligne(s) de statistiques, {emails} e-mail(s), {changes} ligne(s) de changements de l'index supprimée(s).");
            return Succeeded;
        });
        return command;
    }

    private static Command Collectivities(Session session)
    {
        var group = new Command("collectivities", "Gère les collectivités adhérentes et leurs périodes d'adhésion.");

        var name = Required<string>("--name", "Le nom de la collectivité.", "NOM");
        var kind = Required<CollectivityKind>("--kind", "Son type : commune, intercommunalite, metropole, departement, region ou autre.", "TYPE");
        kind.CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (TryParseKind(text, out var parsed))
            {
                return parsed;
            }

            result.AddError($"Type inconnu « {text} » : commune, intercommunalite, metropole, departement, region ou autre.");
            return default;
        };
        var memberUntil = DateOption("--member-until", "Dernier jour d'adhésion ; sans lui, la collectivité n'est pas adhérente.", required: false);
        var memberFrom = DateOption("--member-from", "Premier jour d'adhésion (par défaut aujourd'hui) ; demande --member-until. Une période tout entière passée est gardée comme historique et ne donne pas accès.", required: false);
        var siren = new Option<string>("--siren") { Description = "Son numéro SIREN (9 chiffres).", HelpName = "123456789" };
        var add = new Command("add", "Ajoute une collectivité, adhérente de --member-from à --member-until.") { name, kind, memberUntil, memberFrom, siren };
        add.Validators.Add(result =>
        {
            if (result.GetResult(memberFrom) is not null && result.GetResult(memberUntil) is null)
            {
                result.AddError("--member-from demande aussi --member-until.");
            }
        });
        add.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportAsync(await members.AddCollectivityAsync(parsed.GetRequiredValue(name), parsed.GetRequiredValue(kind), parsed.GetValue(memberUntil), parsed.GetValue(siren), parsed.GetValue(memberFrom)))));
        group.Subcommands.Add(add);

        var until = DateOption("--until", "Le nouveau dernier jour d'adhésion.", required: true);
        var renew = new Command("renew", "Prolonge l'adhésion d'une collectivité jusqu'à --until.") { name, until };
        renew.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportAsync(await members.RenewAsync(parsed.GetRequiredValue(name), parsed.GetValue(until)!.Value))));
        group.Subcommands.Add(renew);

        var from = DateOption("--from", "Premier jour de la période.", required: true);
        var addPeriod = new Command("add-period", "Enregistre une période d'adhésion, ses deux jours compris ; par exemple une période passée (historique).") { name, from, until };
        addPeriod.SetAction((parsed, _) => session.WithMembersAsync(async members =>
        {
                if (await members.CollectivityIdAsync(parsed.GetRequiredValue(name)) is not int id)
                {
                    await session.Error.WriteLineAsync($"Aucune collectivité ne s'appelle « {parsed.GetRequiredValue(name)} ».");
                    return Failed;
                }

                return await session.ReportAsync(await members.AddPeriodAsync(id, parsed.GetValue(from)!.Value, parsed.GetValue(until)!.Value));
        }));
        group.Subcommands.Add(addPeriod);

        var deactivate = new Command("deactivate", "Désactive une collectivité : ses membres perdent l'accès.") { name };
        deactivate.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportAsync(await members.DeactivateCollectivityAsync(parsed.GetRequiredValue(name)))));
        group.Subcommands.Add(deactivate);
        return group;
    }

    private static Command Backup(Session session)
    {
        var to = Required<string>("--to", "Le fichier de la sauvegarde, qui ne doit pas exister.", "FICHIER");
        var command = new Command("backup", "Sauvegarde la base SQLite pendant que le site tourne (une copie cohérente, puis vérifiée par PRAGMA integrity_check). Les fichiers joints se sauvegardent à part : docs/operations.md.") { to };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var scope = await session.ScopeAsync();
            var outcome = await scope.ServiceProvider.GetRequiredService<SqliteBackup>().BackupAsync(parsed.GetRequiredValue(to), cancellationToken);
            await (outcome.Succeeded ? session.Output : session.Error).WriteLineAsync(outcome.Message);
            return outcome.Succeeded ? Succeeded : Failed;
        });
        return command;
    }

    private static Command Restore(Session session)
    {
        var from = Required<string>("--from", "La sauvegarde à remettre en place.", "FICHIER");
        var command = new Command("restore", "Remplace la base SQLite par une sauvegarde, après l'avoir vérifiée ; refuse tant qu'une instance du site utilise la base.") { from };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var scope = await session.ScopeAsync();
            var outcome = await scope.ServiceProvider.GetRequiredService<SqliteBackup>().RestoreAsync(parsed.GetRequiredValue(from), cancellationToken);
            await (outcome.Succeeded ? session.Output : session.Error).WriteLineAsync(outcome.Message);
            return outcome.Succeeded ? Succeeded : Failed;
        });
        return command;
    }

    private static Command Users(Session session)
    {
        var group = new Command("users", "Gère les comptes.");
        var email = Required<string>("--email", "L'adresse e-mail du compte.", "EMAIL");

        var role = Required<string>("--role", "Son rôle : Member, Editor ou Admin.", "ROLE");
        var collectivity = new Option<string>("--collectivity") { Description = "Sa collectivité (obligatoire pour un membre).", HelpName = "NOM" };
        var fullName = new Option<string>("--name") { Description = "Ses prénom et nom.", HelpName = "NOM" };
        var add = new Command("add", "Crée le compte et envoie par e-mail un lien d'activation à usage unique (valable 72 h) ; en Development, le lien est aussi affiché.") { email, role, collectivity, fullName };
        add.SetAction((parsed, _) => session.WithMembersAsync(async members =>
        {
                var title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(parsed.GetRequiredValue(role).ToLowerInvariant());
                return await session.ReportInvitationAsync(await members.InviteAsync(parsed.GetRequiredValue(email), title, parsed.GetValue(collectivity), parsed.GetValue(fullName), null));
        }));
        group.Subcommands.Add(add);

        var resend = new Command("resend-invitation", "Envoie un nouveau lien d'activation à un compte pas encore activé.") { email };
        resend.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportInvitationAsync(await members.ResendInvitationAsync(parsed.GetRequiredValue(email), null))));
        group.Subcommands.Add(resend);

        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Lit le mot de passe sur la première ligne de l'entrée standard (jamais sur la ligne de commande)." };
        var setPassword = new Command("set-password", "Définit le mot de passe d'un compte.") { email, passwordStdin };
        setPassword.Validators.Add(result =>
        {
            if (result.GetResult(passwordStdin) is null)
            {
                result.AddError("Un mot de passe n'est jamais pris sur la ligne de commande : ajoutez --password-stdin et donnez-le sur l'entrée standard.");
            }
        });
        setPassword.SetAction(async (parsed, cancellationToken) =>
        {
            var password = await session.Input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                await session.Error.WriteLineAsync("Aucun mot de passe n'a été lu sur l'entrée standard.");
                return Failed;
            }

            return await session.WithMembersAsync(async members => await session.ReportAsync(await members.SetPasswordAsync(parsed.GetRequiredValue(email), password)));
        });
        group.Subcommands.Add(setPassword);

        var deactivate = new Command("deactivate", "Désactive un compte : ses sessions prennent fin.") { email };
        deactivate.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportAsync(await members.DeactivateUserAsync(parsed.GetRequiredValue(email)))));
        group.Subcommands.Add(deactivate);

        var erase = new Command("erase", "Efface les données personnelles d'un compte à sa demande : la personne est prévenue par e-mail, puis le compte est supprimé ; ses versions restent, attribuées à « Compte supprimé ».") { email };
        erase.SetAction(async (parsed, cancellationToken) =>
        {
            await using var scope = await session.ScopeAsync();
            var erasure = scope.ServiceProvider.GetRequiredService<AccountErasure>();
            return await session.ReportAsync(await erasure.EraseByEmailAsync(parsed.GetRequiredValue(email), cancellationToken));
        });
        group.Subcommands.Add(erase);
        return group;
    }

    private static Command AccessRequests(Session session)
    {
        var group = new Command("access-requests", "Traite les demandes d'accès faites sur le site.");

        var list = new Command("list", "Liste les demandes en attente : numéro, date, nom, e-mail, collectivité, fonction.");
        list.SetAction((_, _) => session.WithMembersAsync(async members =>
        {
                var pending = await members.PendingAccessRequestsAsync();
                if (pending.Count == 0)
                {
                    await session.Output.WriteLineAsync("Aucune demande d'accès en attente.");
                }

                foreach (var request in pending)
                {
                    await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{request.Id}\t{request.CreatedAt:yyyy-MM-dd HH:mm}\t{request.FullName}\t{request.Email}\t{request.CollectivityName}\t{request.JobTitle}"));
                }

                return Succeeded;
        }));
        group.Subcommands.Add(list);

        var message = new Option<string>("--message") { Description = "Un mot ajouté à l'e-mail envoyé au demandeur.", HelpName = "TEXTE" };
        var collectivity = new Option<string>("--collectivity") { Description = "La collectivité du nouveau compte, si ce n'est pas celle de la demande.", HelpName = "NOM" };
        var approveId = RequestNumber();
        var approve = new Command("approve", "Accepte une demande : crée le compte et envoie le lien d'activation.") { approveId, collectivity, message };
        approve.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportInvitationAsync(await members.ApproveAccessRequestAsync(parsed.GetValue(approveId), parsed.GetValue(collectivity), parsed.GetValue(message), null))));
        group.Subcommands.Add(approve);

        var rejectId = RequestNumber();
        var reject = new Command("reject", "Refuse une demande ; le demandeur en est informé par e-mail.") { rejectId, message };
        reject.SetAction((parsed, _) => session.WithMembersAsync(async members =>
            await session.ReportAsync(await members.RejectAccessRequestAsync(parsed.GetValue(rejectId), parsed.GetValue(message)))));
        group.Subcommands.Add(reject);
        return group;
    }

    private static async Task<int> ImportAsync(Session session, string path, ImportOptions options, CancellationToken cancellationToken)
    {
        if (CatalogueFile.FormatOf(path) is not { } format)
        {
            await session.Error.WriteLineAsync("Le fichier à importer doit finir par .csv ou .jsonl.");
            return UsageError;
        }

        if (!File.Exists(path))
        {
            await session.Error.WriteLineAsync($"Aucun fichier à l'emplacement {path}.");
            return Failed;
        }

        await using var scope = await session.ScopeAsync();
        await using var stream = File.OpenRead(path);
        var operator_ = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, "import (ligne de commande)")], "cli"));
        options = options with { Progress = session.Progress<int>(rows => $"Import : {ProgressLine.Count(rows)} lignes lues…") };
        var report = await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(stream, format, options, operator_, cancellationToken);
        foreach (var problem in report.FileProblems)
        {
            await session.Error.WriteLineAsync(problem);
        }

        foreach (var row in report.Rows)
        {
            var line = $"ligne {row.Number} ({row.Key}) : {row.Action}{(row.Notes.Count > 0 ? " ; " + string.Join(" ; ", row.Notes) : "")}{(row.Problems.Count > 0 ? " ; " + string.Join(" ; ", row.Problems) : "")}";
            await (row.Problems.Count > 0 ? session.Error : session.Output).WriteLineAsync(line);
        }

        if (report.Abridged && report.Failed > 0)
        {
            await session.Output.WriteLineAsync($"Fichier volumineux : seules les {report.Rows.Count} premières lignes refusées sont listées ci-dessus.");
        }

        await session.Output.WriteLineAsync(report.DryRun
            ? $"Essai : {report.RowCount} ligne(s) lue(s), {report.Failed} refusée(s), {report.ToCreate} à créer, {report.ToUpdate} à mettre à jour, {report.NewTerms} nouveau(x) terme(s), {report.ToPublish} à publier, {report.ToSchedule} à programmer ; rien n'a été écrit."
            : report.Applied ? $"Importé : {report.RowCount} ligne(s) : {report.Created} créée(s), {report.Updated} mise(s) à jour, {report.Unchanged} inchangée(s), {report.NewTerms} nouveau(x) terme(s) ; {report.ToPublish} publiée(s), {report.ToSchedule} programmée(s)."
            : $"Rien n'a été importé : {report.RowCount} ligne(s) lue(s), {report.Failed} refusée(s), {report.FileProblems.Count} problème(s) avec le fichier.");
        return report.Succeeded ? Succeeded : Failed;
    }

    /// <summary>
    /// An option the command needs. Checked by <see cref="RequireOptions"/> rather than by the library,
    /// whose message for it is not translated.
    /// </summary>
    private static Option<T> Required<T>(string name, string description, string helpName)
    {
        var option = new Option<T>(name) { Description = "(obligatoire) " + description, HelpName = helpName };
        RequiredOptions.Add(option);
        return option;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Option, object> RequiredMarks = [];

    private static class RequiredOptions
    {
        public static void Add(Option option) => RequiredMarks.AddOrUpdate(option, option);

        public static bool Contains(Option option) => RequiredMarks.TryGetValue(option, out _);
    }

    /// <summary>Every command checks its required options, and that no option's value is another option.</summary>
    private static void RequireOptions(Command command)
    {
        command.Validators.Add(result =>
        {
            foreach (var option in command.Options.Where(RequiredOptions.Contains).Where(o => result.GetResult(o) is null))
            {
                result.AddError($"Option obligatoire manquante : {option.Name}.");
            }

            foreach (var option in command.Options.Where(o => o.Arity.MaximumNumberOfValues > 0))
            {
                if (result.GetResult(option) is { } given && given.Tokens.Any(t => t.Value.StartsWith("--", StringComparison.Ordinal)))
                {
                    result.AddError($"{option.Name} attend une valeur.");
                }
            }
        });
        foreach (var subcommand in command.Subcommands)
        {
            RequireOptions(subcommand);
        }
    }

    private static Option<DateOnly?> DateOption(string name, string description, bool required)
    {
        var option = required ? Required<DateOnly?>(name, description, "AAAA-MM-JJ") : new Option<DateOnly?>(name) { Description = description, HelpName = "AAAA-MM-JJ" };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (FrenchDates.TryParseIsoDay(text, out var date))
            {
                return date;
            }

            result.AddError($"{name} attend une date AAAA-MM-JJ, pas « {text} ».");
            return null;
        };
        return option;
    }

    private static Argument<int> RequestNumber() => new("NUMERO")
    {
        Description = "Le numéro de la demande (access-requests list).",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }

            result.AddError($"« {text} » n'est pas un numéro de demande.");
            return 0;
        },
    };

    private static bool TryParseKind(string text, out CollectivityKind kind) =>
        Enum.TryParse(SearchText.Normalize(text).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out kind)
        && Enum.IsDefined(kind);

    /// <summary>A command's help, as its --help option writes it.</summary>
    private static void WriteHelp(Command command, TextWriter writer)
    {
        var path = new List<string> { "--help" };
        var root = command;
        while (root.Parents.OfType<Command>().FirstOrDefault() is { } parent)
        {
            path.Insert(0, root.Name);
            root = parent;
        }

        root.Parse(path, Parsing).Invoke(new InvocationConfiguration { Output = writer });
    }

    /// <summary>
    /// Each problem on a line of its own (a mistyped command or option with the nearest names), then the
    /// usage of the command concerned, all on standard error.
    /// </summary>
    private static async Task WriteUsageErrorAsync(ParseResult parsed, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        var unmatched = parsed.UnmatchedTokens;
        // After a mistyped command, the words that follow it mean nothing: the first one is explained.
        var explained = command.Subcommands.Count > 0 ? unmatched.Where(t => !t.StartsWith('-')).Take(1).Concat(unmatched.Where(t => t.StartsWith('-'))) : unmatched;
        foreach (var token in explained)
        {
            await error.WriteLineAsync(Suggestions.Explain(token, command, parsed.RootCommandResult.Command));
        }

        var missingCommandExplained = explained.Any(t => !t.StartsWith('-'));
        foreach (var problem in parsed.Errors.Where(e => !unmatched.Any(t => e.Message.Contains(t, StringComparison.Ordinal))
                                                          && !(missingCommandExplained && e.SymbolResult is CommandResult { Command.Subcommands.Count: > 0 })))
        {
            await error.WriteLineAsync(problem.Message);
        }

        await error.WriteLineAsync();
        WriteHelp(command, error);
    }

    /// <summary>A command's console and, once it runs, the application's services.</summary>
    internal sealed class Session(Func<Task<IServiceProvider>> start, CommandConsole console)
    {
        private Task<IServiceProvider>? _services;

        public TextWriter Output => console.Output;

        public TextWriter Error => console.Error;

        public TextReader Input => console.Input;

        public Task<IServiceProvider> ServicesAsync() => _services ??= start();

        public async Task<AsyncServiceScope> ScopeAsync() => (await ServicesAsync()).CreateAsyncScope();

        public async Task<int> WithMembersAsync(Func<MembersService, Task<int>> action)
        {
            await using var scope = await ScopeAsync();
            return await action(scope.ServiceProvider.GetRequiredService<MembersService>());
        }

        public IProgress<T> Progress<T>(Func<T, string> format) =>
            new ProgressLine<T>(console.Error, console.ProgressInterval, TimeProvider.System, format);

        public async Task<int> UsageErrorAsync(Command command, string message)
        {
            await Error.WriteLineAsync(message);
            await Error.WriteLineAsync();
            WriteHelp(command, Error);
            return UsageError;
        }

        public async Task<int> ReportAsync(OperationResult result)
        {
            await (result.Succeeded ? Output : Error).WriteLineAsync(result.Message);
            return result.Succeeded ? Succeeded : Failed;
        }

        public async Task<int> ReportInvitationAsync(InvitationResult result)
        {
            await (result.Succeeded ? Output : Error).WriteLineAsync(result.Message);
            var services = await ServicesAsync();
            if (result.Succeeded && result.Link is not null && services.GetRequiredService<IWebHostEnvironment>().IsDevelopment())
            {
                await Output.WriteLineAsync($"Lien d'activation (Development seulement) : {result.Link}");
            }

            return result.Succeeded ? Succeeded : Failed;
        }
    }
}
