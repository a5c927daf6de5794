declare module '@stdlib/stats-base-dists-normal-quantile' {
  /** Quantile function of a normal distribution with mean mu and standard deviation sigma. */
  export default function quantile(p: number, mu: number, sigma: number): number;
}
