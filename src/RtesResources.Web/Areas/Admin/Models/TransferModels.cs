using Microsoft.AspNetCore.Mvc;

namespace RtesResources.Web.Areas.Admin.Models;

/// <summary>The import form: a file and the dry-run box, under the short French names the form has always posted.</summary>
public sealed class ImportInput
{
    [ModelBinder(Name = "fichier")]
    public IFormFile? Fichier { get; set; }

    /// <summary>Unset (false) when the box is not ticked: the form offers it ticked, so that a dry run comes first.</summary>
    [ModelBinder(Name = "essai")]
    public bool Essai { get; set; }
}
