using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Members;

public class PasswordRulesTests
{
    [Fact]
    public void CommonPasswordsAreReadOnceOnFirstUseAndHoldThePublishedList()
    {
        var passwords = new CommonPasswords(AppContext.BaseDirectory);
        Assert.Equal(0, passwords.Loads);

        var answers = new bool[64];
        Parallel.For(0, answers.Length, i => answers[i] = passwords.Contains(i % 2 == 0 ? "Weihnachtsbaum" : "une phrase de passe solide"));

        Assert.Equal(1, passwords.Loads);
        Assert.True(passwords.Count >= 30_000, $"{passwords.Count} entries");
        Assert.All(answers.Where((_, i) => i % 2 == 0), Assert.True);
        Assert.All(answers.Where((_, i) => i % 2 == 1), Assert.False);
        // Entries from the end of zxcvbn's list (its 29,530th to 29,911th), with trailing digits and symbols, and the French list.
        Assert.True(passwords.Contains("TheCakeIsALie"));
        Assert.True(passwords.Contains("ontheoutside2024!"));
        Assert.True(passwords.Contains("motdepasse2026!"));
        Assert.Equal(1, passwords.Loads);
    }

    [Fact]
    public async Task PasswordsContainingTheAddressOrTheNameAreRefusedWhateverTheirPunctuationCaseOrAccents()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        var invited = await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("jean-marie.dupont@example.fr", Roles.Editor, null, "Hélène Bérard-Costa", null));
        Assert.True(invited.Succeeded, invited.Message);

        var address = await site.WithServiceAsync<MembersService, OperationResult>(m => m.SetPasswordAsync("jean-marie.dupont@example.fr", "JeanMarieDupont1"));
        var accented = await site.WithServiceAsync<MembersService, OperationResult>(m => m.SetPasswordAsync("jean-marie.dupont@example.fr", "JÉAN_MARIE_DÛPONT rêve"));
        var name = await site.WithServiceAsync<MembersService, OperationResult>(m => m.SetPasswordAsync("jean-marie.dupont@example.fr", "helene berard costa 44"));
        var fine = await site.WithServiceAsync<MembersService, OperationResult>(m => m.SetPasswordAsync("jean-marie.dupont@example.fr", "jean aime les marées d'octobre"));

        Assert.False(address.Succeeded);
        Assert.Contains("partie de votre adresse e-mail", address.Message, StringComparison.Ordinal);
        Assert.False(accented.Succeeded);
        Assert.Contains("partie de votre adresse e-mail", accented.Message, StringComparison.Ordinal);
        Assert.False(name.Succeeded);
        Assert.Contains("votre nom", name.Message, StringComparison.Ordinal);
        Assert.True(fine.Succeeded, fine.Message);
    }

    [Theory]
    [InlineData("Jean-Marie Dupont", "jeanmariedupont")]
    [InlineData("  Éloïse_O'Brien 2e ", "eloiseobrien2e")]
    [InlineData("Cœur-de-Lion", "coeurdelion")]
    [InlineData(null, "")]
    public void LettersAndDigitsFoldCaseAccentsAndPunctuation(string? text, string expected) =>
        Assert.Equal(expected, AppPasswordValidator.LettersAndDigits(text));
}
