namespace RtesResources.Web.Infrastructure;

/// <summary>A configuration value the site cannot start with; the message names its key, in French.</summary>
public sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException()
    {
    }

    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
