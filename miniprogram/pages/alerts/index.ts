Component({
  data: {},
  methods: {},
});
