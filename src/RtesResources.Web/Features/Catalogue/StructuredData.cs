using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// A resource described for search engines in schema.org JSON-LD, from the same view model as its
/// page: a private resource gives its public fields only (title, type, summary, speakers, dates),
/// exactly what its page shows to an anonymous visitor.
/// </summary>
public static class StructuredData
{
    // The default encoder escapes <, > and &: the JSON can never close the script element it sits in.
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string ForResource(ResourceDetailViewModel page, string url, string baseUrl)
    {
        var type = page.KindSlug switch
        {
            "etude" => "Report",
            "video" => "VideoObject",
            "conference-en-ligne" => "Event",
            _ => "CreativeWork",
        };

        var item = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = type,
            ["@id"] = url,
            ["url"] = url,
            ["name"] = page.Title,
            ["description"] = page.Excerpt,
            ["inLanguage"] = "fr",
            ["genre"] = page.KindName,
            ["datePublished"] = Day(page.PublishedOn),
            ["dateModified"] = page.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["isAccessibleForFree"] = !page.IsPrivate,
            ["publisher"] = new JsonObject
            {
                ["@type"] = "Organization",
                ["name"] = "RTES – Réseau des collectivités Territoriales pour une Économie Solidaire",
                ["url"] = baseUrl + "/",
            },
        };

        if (page.Categories.Count > 0)
        {
            item["keywords"] = string.Join(", ", page.Categories.Select(c => c.Name));
        }

        // schema.org wants the licence's address; "all rights reserved" has none, so it is named instead.
        item["license"] = page.Licence.Url is string licenceUrl
            ? licenceUrl
            : new JsonObject { ["@type"] = "CreativeWork", ["name"] = page.Licence.Label };

        var people = new JsonArray([.. page.Speakers.Select(s => (JsonNode)Person(s))]);
        if (type == "Event")
        {
            // A conference online: its date, the speakers as performers, attended online.
            if (page.EventDate is DateOnly day)
            {
                item["startDate"] = Day(day);
            }

            item["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode";
            item["location"] = new JsonObject { ["@type"] = "VirtualLocation", ["url"] = url };
            item["organizer"] = item["publisher"]!.DeepClone();
            if (people.Count > 0)
            {
                item["performer"] = people;
            }
        }
        else
        {
            if (type == "VideoObject")
            {
                item["uploadDate"] = Day(page.PublishedOn);
            }

            if (people.Count > 0)
            {
                item["contributor"] = people;
            }
        }

        return item.ToJsonString(Options);
    }

    private static JsonObject Person(SpeakerViewModel speaker)
    {
        var person = new JsonObject { ["@type"] = "Person", ["name"] = speaker.Name };
        if (!string.IsNullOrEmpty(speaker.Role))
        {
            person["jobTitle"] = speaker.Role;
        }

        if (!string.IsNullOrEmpty(speaker.Organisation))
        {
            person["affiliation"] = new JsonObject { ["@type"] = "Organization", ["name"] = speaker.Organisation };
        }

        return person;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
