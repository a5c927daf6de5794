// A small bar chart: the last weeks of sales, then the forecast week in another colour. Plain
// views (no canvas): it renders inside a list, in simulate, and costs nothing to draw.
import { Bar, barsOf } from './bars';

Component({
  options: { addGlobalClass: true },
  properties: {
    weeks: { type: Array, value: [] },
    forecastWeek: { type: Number, optionalTypes: [null as unknown as NumberConstructor], value: null as unknown as number },
  },
  data: { bars: [] as Bar[] },
  observers: {
    'weeks, forecastWeek'(weeks: number[], forecastWeek: number | null) {
      // A parent's setData re-sends the properties of every chart in its list: redraw only a changed one.
      const key = `${(weeks ?? []).join(',')}|${forecastWeek}`;
      const self = this as unknown as { drawn?: string };
      if (self.drawn === key) return;
      self.drawn = key;
      this.setData({ bars: barsOf(weeks ?? [], typeof forecastWeek === 'number' ? forecastWeek : null) });
    },
  },
});
