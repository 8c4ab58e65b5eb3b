// Size-optimised replacements for the LINQ operators that dominate the NativeAOT image.
//
// System.Linq (speed-optimised build) specialises Select/Where into about ten iterator classes
// per (source, result) type pair; in the static lbs binary that cost ~0.66 MB. These simple
// iterator versions live in namespace LinuxBootSharp, so for code in LinuxBootSharp.* C#'s
// extension-method lookup finds them before the global `using System.Linq` (C# spec §12.8.10.3:
// the innermost enclosing namespace with an applicable candidate wins). Semantics are LINQ's:
// deferred, single pass, null checks on arguments.
namespace LinuxBootSharp;

internal static class LinqLite
{
    public static IEnumerable<TResult> Select<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return Iterate(source, selector);

        static IEnumerable<TResult> Iterate(IEnumerable<TSource> source, Func<TSource, TResult> selector)
        {
            foreach (var x in source)
                yield return selector(x);
        }
    }

    public static IEnumerable<TResult> Select<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, int, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return Iterate(source, selector);

        static IEnumerable<TResult> Iterate(IEnumerable<TSource> source, Func<TSource, int, TResult> selector)
        {
            int i = 0;
            foreach (var x in source)
                yield return selector(x, i++);
        }
    }

    public static IEnumerable<TSource> Where<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predicate);
        return Iterate(source, predicate);

        static IEnumerable<TSource> Iterate(IEnumerable<TSource> source, Func<TSource, bool> predicate)
        {
            foreach (var x in source)
                if (predicate(x))
                    yield return x;
        }
    }

    public static IEnumerable<TResult> SelectMany<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, IEnumerable<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return Iterate(source, selector);

        static IEnumerable<TResult> Iterate(IEnumerable<TSource> source, Func<TSource, IEnumerable<TResult>> selector)
        {
            foreach (var x in source)
                foreach (var y in selector(x))
                    yield return y;
        }
    }

    public static IEnumerable<TSource> Skip<TSource>(this IEnumerable<TSource> source, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Iterate(source, count);

        static IEnumerable<TSource> Iterate(IEnumerable<TSource> source, int count)
        {
            foreach (var x in source)
            {
                if (count > 0)
                {
                    count--;
                    continue;
                }
                yield return x;
            }
        }
    }

    public static IEnumerable<TSource> Take<TSource>(this IEnumerable<TSource> source, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Iterate(source, count);

        static IEnumerable<TSource> Iterate(IEnumerable<TSource> source, int count)
        {
            if (count <= 0)
                yield break;
            foreach (var x in source)
            {
                yield return x;
                if (--count == 0)
                    yield break;
            }
        }
    }
}
