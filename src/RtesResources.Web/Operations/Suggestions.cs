using System.CommandLine;

namespace RtesResources.Web.Operations;

/// <summary>What an operator probably meant by a mistyped command or option: the nearest names.</summary>
public static class Suggestions
{
    /// <summary>One French line: what the token is not, and the nearest names if any is near enough.</summary>
    public static string Explain(string token, Command command, Command root)
    {
        var isOption = token.StartsWith('-');
        var candidates = isOption
            ? command.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct(StringComparer.Ordinal)
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        var nearest = Nearest(token, candidates);
        var what = isOption ? "Option inconnue" : command.Subcommands.Count > 0 ? "Commande inconnue" : "Argument inattendu";
        var line = command == root || isOption ? $"{what} « {token} »." : $"{what} « {token} » pour « {CommandPath(command)} ».";
        return nearest.Count == 0 ? line : $"{line} Vouliez-vous dire {string.Join(" ou ", nearest.Select(n => $"« {n} »"))} ?";
    }

    /// <summary>The names within a few edits of the token (or starting with it), nearest first.</summary>
    public static IReadOnlyList<string> Nearest(string token, IEnumerable<string> names)
    {
        var typed = token.ToLowerInvariant();
        var scored = names
            .Select(name => (Name: name, Distance: name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Trim('-').Length >= 3 ? 0 : Distance(typed, name.ToLowerInvariant())))
            .Where(n => n.Distance <= Math.Max(2, n.Name.Trim('-').Length / 3))
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(n => n.Distance);
        return scored.Where(n => n.Distance == best).Select(n => n.Name).Take(3).ToList();
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Damerau–Levenshtein distance (optimal string alignment): a swap of two letters is one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
