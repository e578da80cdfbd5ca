using System.Reflection;
using System.Reflection.Emit;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Architecture;

/// <summary>
/// Features, the domain, the data layer, the infrastructure and authorization never depend on the
/// Admin area: view models live next to the controller that renders them (ADR-015). Checked over
/// signatures, base types, generic arguments, and the types and members method bodies use, so that
/// a local variable or a call is caught as well as a parameter.
/// </summary>
public class LayeringTests
{
    private static readonly string[] Inner =
    [
        "RtesResources.Web.Features",
        "RtesResources.Web.Domain",
        "RtesResources.Web.Data",
        "RtesResources.Web.Infrastructure",
        "RtesResources.Web.Authorization",
    ];

    private const string Areas = "RtesResources.Web.Areas";

    private static readonly Assembly Web = typeof(Resource).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void InnerLayersNeverUseTheAdminArea()
    {
        var found = new List<string>();
        foreach (var type in Web.GetTypes().Where(t => InNamespace(t, Inner)))
        {
            foreach (var (where, used) in UsedTypes(type))
            {
                if (Mentions(used, Areas))
                {
                    found.Add($"{type.FullName} ({where}) uses {used.FullName}");
                }
            }
        }

        Assert.True(found.Count == 0, "Inner layers use the Admin area:\n" + string.Join("\n", found.Distinct()));
    }

    [Fact]
    public void TheCheckSeesAnAreaTypeInAMethodBody()
    {
        // Guards the test above against passing because it reads nothing.
        var controller = Web.GetType("RtesResources.Web.Areas.Admin.Controllers.ResourcesController", throwOnError: true)!;

        Assert.Contains(UsedTypes(controller), u => u.Used.Namespace == "RtesResources.Web.Areas.Admin.Services");
    }

    private static bool InNamespace(Type type, IEnumerable<string> prefixes) =>
        type.Namespace is string ns && prefixes.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>True when the type, one of its generic arguments, its element type or its declaring type is in the namespace.</summary>
    private static bool Mentions(Type type, string prefix)
    {
        if (type.HasElementType)
        {
            return Mentions(type.GetElementType()!, prefix);
        }

        if (InNamespace(type, [prefix]))
        {
            return true;
        }

        return (type.IsGenericType && !type.IsGenericTypeDefinition && type.GetGenericArguments().Any(a => Mentions(a, prefix)))
            || (type.DeclaringType is Type outer && !type.IsGenericParameter && Mentions(outer, prefix));
    }

    private static IEnumerable<(string Where, Type Used)> UsedTypes(Type type)
    {
        if (type.BaseType is Type baseType)
        {
            yield return ("base type", baseType);
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return ("interface", contract);
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return (field.Name, field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            yield return (property.Name, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                yield return (method.Name, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return (method.Name, parameter.ParameterType);
            }

            foreach (var used in BodyTypes(method))
            {
                yield return (method.Name + " body", used);
            }
        }
    }

    /// <summary>The types a method body declares as locals or names in its instructions (types, fields, methods).</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = (short)il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    switch (member)
                    {
                        case Type used:
                            yield return used;
                            break;
                        case MethodBase called:
                            yield return called.DeclaringType!;
                            if (called is MethodInfo calledInfo)
                            {
                                yield return calledInfo.ReturnType;
                                foreach (var argument in calledInfo.IsGenericMethod ? calledInfo.GetGenericArguments() : [])
                                {
                                    yield return argument;
                                }
                            }

                            foreach (var parameter in called.GetParameters())
                            {
                                yield return parameter.ParameterType;
                            }

                            break;
                        case FieldInfo field:
                            yield return field.DeclaringType!;
                            yield return field.FieldType;
                            break;
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
